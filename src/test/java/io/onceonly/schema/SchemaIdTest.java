package io.onceonly.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaIdTest {

    @Test
    void parsesNameAndMajorVersion() {
        SchemaId id = SchemaId.parse("cultural-activity/v1");

        assertThat(id).isEqualTo(new SchemaId("cultural-activity", 1));
        assertThat(id.toString()).isEqualTo("cultural-activity/v1");
        assertThat(SchemaId.parse("enterprise/v12").version()).isEqualTo(12);
    }

    @Test
    void namesTheTopicOfTheMajorVersion() {
        assertThat(SchemaId.parse("cultural-activity/v1").topicName("onceonly"))
                .isEqualTo("onceonly.cultural-activity.v1");
        assertThat(new SchemaId("resident", 2).topicName("test-7")).isEqualTo("test-7.resident.v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cultural-activity", "cultural-activity/1", "cultural-activity/v0",
            "cultural-activity/v01", "Cultural-Activity/v1", "cultural_activity/v1", "cultural.activity/v1",
            "/v1", "a/b/v1", "cultural-activity/v1.1", "-x/v1"})
    void refusesTextThatIsNotNameSlashVersion(String text) {
        assertThatThrownBy(() -> SchemaId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("cultural-activity/v1");
    }

    @Test
    void refusesNullText() {
        assertThatThrownBy(() -> SchemaId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesVersionZeroAndBadNamesInTheConstructor() {
        assertThatThrownBy(() -> new SchemaId("resident", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start at 1");
        assertThatThrownBy(() -> new SchemaId("Resident", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Resident'");
    }
}
