package io.onceonly.registry.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.onceonly.config.WhenOmitted;
import io.onceonly.normalize.FieldMapping;
import io.onceonly.registry.RouteTemplate;
import io.onceonly.registry.RouteTemplates;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;

/**
 * Completeness of what a resource may say, in the spirit of Debezium's ConfigDefinitionMetadataTest: the build fails
 * when a connector option has no description, when a typed key neither carries a constraint nor says what happens
 * when it is left out ({@code @WhenOmitted}), or when a constraint's message does not say what is wrong and how to fix it.
 */
class ResourceSpecDefinitionTest {
    /** "is not a valid name. Use lower-case letters...": what is wrong, then a sentence that fixes it. */
    private static final java.util.regex.Pattern WHAT_DOT_FIX =
            java.util.regex.Pattern.compile("[a-z][^.]*\\. [A-Z].*[.)]");

    @Test
    void everyRouteTemplateAndEachOfItsParametersHasADescription() {
        RouteTemplates templates = RouteTemplates.load(Path.of("routes"));
        assertThat(templates.ids()).contains("source-jdbc", "sink-jdbc", "sink-http");
        for (String id : templates.ids()) {
            RouteTemplate t = templates.find(id).orElseThrow();
            assertThat(t.description()).as("%s has a description", id).isNotBlank();
            // A connector option is described where it is declared (ConnectorCatalogTest); the hub's own here.
            t.parameters().values().stream().filter(p -> RouteTemplate.HUB_PARAMETERS.contains(p.name())).forEach(p ->
                    assertThat(p.description()).as("%s parameter %s has a description", id, p.name()).isNotBlank());
        }
    }

    @Test
    void theTypedSpecCoversEveryRecordAResourceIsMadeOf() {
        assertThat(specRecords()).containsExactlyInAnyOrder(ResourceSpec.class, Metadata.class, SourceSpec.class,
                SubscriptionSpec.class, FieldMapping.class, FieldMapping.Split.class);
    }

    @Test
    void everyKeyCarriesAConstraintOrSaysWhatHappensWhenItIsLeftOut() {
        List<String> undeclared = new ArrayList<>();
        List<String> contradictory = new ArrayList<>();
        for (Class<?> type : specRecords()) {
            BeanDescriptor bean = SpecValidator.constraintsOf(type);
            for (RecordComponent c : type.getRecordComponents()) {
                String key = type.getSimpleName() + "." + SpecValidator.jsonNames(type).get(c.getName());
                PropertyDescriptor property = bean.getConstraintsForProperty(c.getName());
                boolean constrained = property != null && property.hasConstraints();
                WhenOmitted omitted = c.getAnnotation(WhenOmitted.class);
                if (!constrained && omitted == null) {
                    undeclared.add(key);
                }
                if (omitted != null && (omitted.value().isBlank() || constrained && property.getConstraintDescriptors()
                        .stream().anyMatch(ResourceSpecDefinitionTest::rejectsNull))) {
                    contradictory.add(key);
                }
            }
        }
        assertThat(undeclared).as("keys with neither a constraint nor @WhenOmitted").isEmpty();
        assertThat(contradictory).as("keys both required and @WhenOmitted, or with an empty @WhenOmitted").isEmpty();
    }

    @Test
    void everyConstraintMessageSaysWhatIsWrongAndHowToFixIt() {
        List<String> messages = new ArrayList<>();
        for (Class<?> type : specRecords()) {
            BeanDescriptor bean = SpecValidator.constraintsOf(type);
            bean.getConstraintDescriptors().forEach(d -> messages.add(type.getSimpleName() + ": " + d.getMessageTemplate()));
            for (PropertyDescriptor p : bean.getConstrainedProperties()) {
                String at = type.getSimpleName() + "." + p.getPropertyName();
                p.getConstraintDescriptors().forEach(d -> messages.add(at + ": " + d.getMessageTemplate()));
                containerMessages(at, p.getConstrainedContainerElementTypes(), messages);
            }
        }
        assertThat(messages).hasSizeGreaterThan(20).allSatisfy(m ->
                assertThat(m.substring(m.indexOf(": ") + 2)).as(m).matches(WHAT_DOT_FIX));
    }

    private static void containerMessages(String at, Set<ContainerElementTypeDescriptor> elements, List<String> messages) {
        for (ContainerElementTypeDescriptor e : elements) {
            e.getConstraintDescriptors().forEach(d -> messages.add(at + "<element>: " + d.getMessageTemplate()));
            containerMessages(at + "<element>", e.getConstrainedContainerElementTypes(), messages);
        }
    }

    private static boolean rejectsNull(ConstraintDescriptor<?> d) {
        Class<?> type = d.getAnnotation().annotationType();
        return type == NotNull.class || type == NotBlank.class || type == NotEmpty.class;
    }

    /** Every record reachable from the resource and its two specs, so a record added later is checked too. */
    private static Set<Class<?>> specRecords() {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> root : List.of(ResourceSpec.class, SourceSpec.class, SubscriptionSpec.class)) {
            collect(root, found);
        }
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, found);
            }
        } else if (type instanceof Class<?> c && c.isRecord() && found.add(c)) {
            for (RecordComponent rc : c.getRecordComponents()) {
                collect(rc.getGenericType(), found);
            }
        }
    }
}
