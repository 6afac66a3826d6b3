package io.onceonly.registry.spec;

import io.onceonly.config.Problem;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.metadata.BeanDescriptor;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;

/**
 * Binds a part of a resource document to its typed spec record and checks it with Hibernate Validator, returning
 * every problem at once: unknown keys (all of them, not the first), values of the wrong shape, broken constraints.
 */
public final class SpecValidator {
    private static final String PROBLEMS = "onceonly.spec.problems";
    private static final String JACKSON_UNKNOWN = "onceonly.spec.unknown";
    private static final Map<Class<?>, Map<String, String>> JSON_NAMES = new ConcurrentHashMap<>();

    // Fail-fast off: every violation is collected. Constraint messages are our own "what. fix" text, used verbatim:
    // no parameters to resolve, and no Expression Language on the classpath.
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .failFast(false)
            .messageInterpolator(new Verbatim())
            .propertyNodeNameProvider(SpecValidator::jsonName)
            .buildValidatorFactory()
            .getValidator();

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addHandler(new CollectingHandler());

    private SpecValidator() {
    }

    /** The bound spec (null when it could not be bound at all) and what is wrong with it, in document order. */
    public record Bound<T>(T value, List<Problem> problems) {
        /** Whether something is wrong at or under {@code path}, so a later check of it would only repeat that. */
        public boolean reported(String path) {
            return problems.stream().anyMatch(p -> within(p.path(), path));
        }
    }

    /**
     * Binds {@code node}, found at {@code path} in the resource ("" for the whole document), to {@code type}, then
     * validates it.
     */
    public static <T> Bound<T> bind(JsonNode node, String path, Class<T> type) {
        List<Problem> problems = new ArrayList<>();
        unknownKeys(node, type, path, problems);
        List<Problem> shape = new ArrayList<>();
        List<String> jacksonUnknown = new ArrayList<>();
        T value = null;
        try {
            value = MAPPER.readerFor(type)
                    .withAttribute(PROBLEMS, new Collector(path, shape))
                    .withAttribute(JACKSON_UNKNOWN, jacksonUnknown)
                    .readValue(node);
        } catch (IOException e) {
            // Whatever the handler did not take; the path Jackson tracked tells where.
            String at = e instanceof JsonMappingException m ? join(path, pointer(m)) : path;
            shape.add(Problem.of(at.isEmpty() ? "document" : at, "cannot be read", null, firstLine(e)));
        }
        problems.addAll(shape);
        // Strict binding as the net under the walk: a key Jackson refused that the walk did not name is still reported.
        for (String key : jacksonUnknown) {
            if (problems.stream().noneMatch(p -> p.path().equals(key) || p.path().endsWith("." + key))) {
                problems.add(Problem.unknownKey(join(path, key), "is not a known key", key, List.of()));
            }
        }
        if (value != null) {
            List<Problem> violations = new ArrayList<>();
            for (ConstraintViolation<T> v : VALIDATOR.validate(value)) {
                String at = resourcePath(path, v.getPropertyPath());
                // A value already reported as the wrong shape was bound as null: its @NotNull would say it twice. A
                // constraint on a whole mapping holding an unknown key or a misshapen value would judge what was
                // never read ("form: HDMC" is a typo of from, not a mapping without an origin).
                boolean wholeBean = leafKind(v.getPropertyPath()) == ElementKind.BEAN;
                if (shape.stream().noneMatch(p -> within(at, p.path()))
                        && !(wholeBean && problems.stream().anyMatch(p -> !p.path().equals(at) && within(p.path(), at)))) {
                    violations.add(problem(at, v));
                }
            }
            problems.addAll(violations);
        }
        Map<String, Integer> order = documentOrder(node, path);
        problems.sort(Comparator.comparingInt((Problem p) -> position(order, p.path())).thenComparing(Problem::render));
        return new Bound<>(value, List.copyOf(problems));
    }

    /** The constraints Hibernate Validator reads from {@code type}, for the test that every key declares some. */
    static BeanDescriptor constraintsOf(Class<?> type) {
        return VALIDATOR.getConstraintsForClass(type);
    }

    /** The JSON name of each record component of {@code type}, by Java name, in declaration order. */
    public static Map<String, String> jsonNames(Class<?> type) {
        return JSON_NAMES.computeIfAbsent(type, t -> {
            Map<String, String> names = new LinkedHashMap<>();
            if (t.isRecord()) {
                for (RecordComponent c : t.getRecordComponents()) {
                    names.put(c.getName(), jsonName(t, c.getName()));
                }
            }
            return names;
        });
    }

    private static String jsonName(Class<?> type, String javaName) {
        try {
            Field f = type.getDeclaredField(javaName);
            JsonProperty p = f.getAnnotation(JsonProperty.class);
            return p != null && !p.value().isEmpty() ? p.value() : javaName;
        } catch (NoSuchFieldException e) {
            return javaName;
        }
    }

    /** Paths in messages use the names written in the resource ({@code const}), not the Java ones ({@code constant}). */
    private static String jsonName(Property property) {
        if (property instanceof JavaBeanProperty p) {
            return jsonNames(p.getDeclaringClass()).getOrDefault(p.getName(), p.getName());
        }
        return property.getName();
    }

    /** Reports every key of {@code node} that {@code type} does not declare, descending through maps and lists. */
    private static void unknownKeys(JsonNode node, Type type, String path, List<Problem> problems) {
        if (node == null || type == JsonNode.class) {
            return;
        }
        if (type instanceof Class<?> c && c.isRecord() && node.isObject()) {
            Map<String, String> names = jsonNames(c);
            Map<String, Type> types = new HashMap<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                types.put(names.get(rc.getName()), rc.getGenericType());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Type t = types.get(e.getKey());
                if (t == null) {
                    problems.add(Problem.unknownKey(join(path, e.getKey()), "is not a known key", e.getKey(),
                            names.values()));
                } else {
                    unknownKeys(e.getValue(), t, join(path, e.getKey()), problems);
                }
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw) && node.isObject()) {
                node.fields().forEachRemaining(e -> unknownKeys(e.getValue(), args[1], join(path, e.getKey()), problems));
            } else if (Collection.class.isAssignableFrom(raw) && node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    unknownKeys(node.get(i), args[0], path + "[" + i + "]", problems);
                }
            }
        }
    }

    private static Problem problem(String path, ConstraintViolation<?> v) {
        String message = v.getMessage();
        int end = message.indexOf(". ");
        String what = end < 0 ? message.replaceAll("\\.$", "") : message.substring(0, end);
        String fix = end < 0 ? "" : message.substring(end + 2);
        String shown = null;
        if (v instanceof HibernateConstraintViolation<?> hv && hv.getDynamicPayload(String.class) != null) {
            shown = hv.getDynamicPayload(String.class);
        } else if (isShowable(v.getInvalidValue())) {
            shown = String.valueOf(v.getInvalidValue());
        }
        return Problem.of(path, what, shown, fix);
    }

    /** Values as written are shown; a whole bean (a class-level constraint) is not, its validator says what to show. */
    private static boolean isShowable(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof Collection<?> || value instanceof Map<?, ?>;
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }

    private static ElementKind leafKind(Path path) {
        ElementKind kind = null;
        for (Path.Node n : path) {
            kind = n.getKind();
        }
        return kind;
    }

    static String resourcePath(String base, Path path) {
        StringBuilder b = new StringBuilder(base);
        for (Path.Node n : path) {
            if (n.isInIterable()) {
                if (n.getKey() != null) {
                    b.append('.').append(n.getKey());
                } else if (n.getIndex() != null) {
                    b.append('[').append(n.getIndex()).append(']');
                }
            }
            if (n.getKind() == ElementKind.PROPERTY) {
                b.append('.').append(n.getName());
            }
        }
        return b.length() > 0 && b.charAt(0) == '.' ? b.substring(1) : b.toString();
    }

    private static String join(String path, String key) {
        if (key.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? key : key.startsWith("[") ? path + key : path + "." + key;
    }

    /** Where a parser stands, as a resource path: spec.fields[1]. */
    private static String contextPath(JsonStreamContext context) {
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                segments.add(0, "[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                segments.add(0, c.getCurrentName());
            }
        }
        String path = "";
        for (String s : segments) {
            path = join(path, s);
        }
        return path;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** Every path in the document, in the order written; a problem sorts with the nearest path it has. */
    private static Map<String, Integer> documentOrder(JsonNode node, String path) {
        Map<String, Integer> order = new HashMap<>();
        walk(node, path, order);
        return order;
    }

    private static void walk(JsonNode node, String path, Map<String, Integer> order) {
        order.putIfAbsent(path, order.size());
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), join(path, e.getKey()), order));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", order);
            }
        }
    }

    private static int position(Map<String, Integer> order, String path) {
        String p = path;
        while (true) {
            Integer i = order.get(p);
            if (i != null) {
                return i;
            }
            if (p.isEmpty()) {
                return Integer.MAX_VALUE;
            }
            // A key not written sorts with its parent; a missing top-level key with the document itself, first.
            p = p.substring(0, Math.max(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))));
        }
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? "" : m.lines().findFirst().orElse("");
    }

    /** Where binding problems of one call go, and the resource path of the node bound. */
    private record Collector(String base, List<Problem> problems) {
    }

    /** Records what it cannot bind and goes on with null, so one bad value does not hide the next. */
    private static final class CollectingHandler extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            // Reported with its path by the walk in bind(): where Jackson stands here depends on how it buffered
            // creator properties, so its position cannot name the key's path reliably.
            @SuppressWarnings("unchecked")
            List<String> unknown = (List<String>) ctxt.getAttribute(JACKSON_UNKNOWN);
            unknown.add(propertyName);
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                            JsonParser p, String failureMsg) throws IOException {
            Object shown = t == JsonToken.START_OBJECT ? "{…}" : t == JsonToken.START_ARRAY ? "[…]" : p.getText();
            wrongShape(ctxt, targetType.getRawClass(), shown);
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                             String failureMsg) {
            wrongShape(ctxt, targetType, valueToConvert);
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                             String failureMsg) {
            wrongShape(ctxt, targetType, valueToConvert);
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
            JsonToken t = p.currentToken();
            wrongShape(ctxt, instClass, t == JsonToken.START_ARRAY ? "[…]" : t != null && t.isScalarValue() ? p.getText() : null);
            p.skipChildren();
            return null;
        }

        private static void wrongShape(DeserializationContext ctxt, Class<?> target, Object shown) {
            Collector c = (Collector) ctxt.getAttribute(PROBLEMS);
            JsonParser parser = ctxt.getParser();
            // The parser of a tree still stands on the value here, its context naming the value's key or index.
            String at = join(c.base(), contextPath(parser.getParsingContext()));
            String[] expected = expected(target);
            c.problems().add(Problem.of(at.isEmpty() ? "document" : at, "is not " + expected[0], shown,
                    "Write " + expected[0] + expected[1] + "."));
        }

        /** What the key takes, and an example of its shape. */
        private static String[] expected(Class<?> target) {
            if (CharSequence.class.isAssignableFrom(target)) {
                return new String[] {"a single value", ", not a list or a mapping"};
            }
            if (Integer.class == target || int.class == target || Long.class == target) {
                return new String[] {"a whole number", " such as 2 or -1"};
            }
            if (Collection.class.isAssignableFrom(target)) {
                return new String[] {"a list", " such as [a, b]"};
            }
            return new String[] {"a mapping", " of keys to values such as { key: value }"};
        }
    }

    private static final class Verbatim implements MessageInterpolator {
        @Override
        public String interpolate(String messageTemplate, Context context) {
            return messageTemplate;
        }

        @Override
        public String interpolate(String messageTemplate, Context context, java.util.Locale locale) {
            return messageTemplate;
        }
    }
}
