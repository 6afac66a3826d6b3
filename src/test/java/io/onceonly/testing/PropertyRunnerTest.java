package io.onceonly.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PropertyRunnerTest {
    private static final Pattern SEED = Pattern.compile("-D" + Pattern.quote(PropertyRunner.SEED_PROPERTY) + "=(-?\\d+)");
    private static final Pattern INPUT = Pattern.compile("smallest failing input\\): '(.*?)'\\. Replay");

    /** Fails on every number from 900 up, so about one try in ten fails, on inputs that differ from seed to seed. */
    private static void failsFrom900(List<Integer> seen, int n) {
        seen.add(n);
        assertThat(n).isLessThan(900);
    }

    @Test
    void aFailingPropertyIsReportedWithItsSeedAndReplayingTheSeedReproducesTheSameInput() {
        List<Integer> firstRun = new ArrayList<>();
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> PropertyRunner.check("Numbers#belowNineHundred", PropertyRunner.seed(), 1000, Generators.ints(0, 999),
                        n -> failsFrom900(firstRun, n)));

        assertThat(failure.getMessage()).startsWith("Property Numbers#belowNineHundred with seed ")
                .contains("-Dtest=Numbers#belowNineHundred").contains("Expecting actual:");
        Matcher seed = SEED.matcher(failure.getMessage());
        assertThat(seed.find()).as("the seed in %s", failure.getMessage()).isTrue();
        Matcher input = INPUT.matcher(failure.getMessage());
        assertThat(input.find()).as("the input in %s", failure.getMessage()).isTrue();
        assertThat(Integer.parseInt(input.group(1))).isBetween(900, 999);
        assertThat(firstRun).as("every try runs, also after the first failure").hasSize(1000);

        List<Integer> replay = new ArrayList<>();
        AssertionError replayed = catchThrowableOfType(AssertionError.class,
                () -> PropertyRunner.check("Numbers#belowNineHundred", Long.parseLong(seed.group(1)), 1000,
                        Generators.ints(0, 999), n -> failsFrom900(replay, n)));
        assertThat(replayed.getMessage()).isEqualTo(failure.getMessage());
        assertThat(replay).as("the same inputs in the same order").isEqualTo(firstRun);
    }

    @Test
    void theSmallestOfTheFailingInputsIsReported() {
        Generator<String> words = Generators.of("hay", "needle in the hay", "straw", "a needle");
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> PropertyRunner.check("Words#noNeedle",
                42L, 200, words, w -> assertThat(w).doesNotContain("needle")));
        assertThat(failure.getMessage()).contains("'\"a needle\"'").contains("with seed 42 ")
                .contains("-D" + PropertyRunner.SEED_PROPERTY + "=42");
        assertThat(failure).hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void anIntegrationTestIsReplayedThroughFailsafe() {
        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> PropertyRunner.check("SinksIT#converge",
                3L, 10, Generators.ints(0, 9), n -> assertThat(n).isNegative()));
        assertThat(failure.getMessage()).contains("Replay it with -D" + PropertyRunner.SEED_PROPERTY + "=3 -Dit.test=SinksIT#converge.");
    }

    @Test
    void aPassingPropertyRunsEachTryOnceAndTheSystemPropertyReplaysASeed() {
        List<Long> first = new ArrayList<>();
        PropertyRunner.check("Longs#any", 7L, 300, Generators.longs(), first::add);
        assertThat(first).hasSize(300);
        List<Long> again = new ArrayList<>();
        String before = System.getProperty(PropertyRunner.SEED_PROPERTY);
        System.setProperty(PropertyRunner.SEED_PROPERTY, "7");
        try {
            assertThat(PropertyRunner.seed()).isEqualTo(7L);
            PropertyRunner.forAll(300, Generators.longs(), again::add);
        } finally {
            if (before == null) {
                System.clearProperty(PropertyRunner.SEED_PROPERTY);
            } else {
                System.setProperty(PropertyRunner.SEED_PROPERTY, before);
            }
        }
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aSeedThatIsNotANumberIsRefusedWithTheFix() {
        System.setProperty(PropertyRunner.SEED_PROPERTY, "abc");
        try {
            assertThatThrownBy(PropertyRunner::seed).hasMessageStartingWith("System property onceonly.property.seed is not a seed: 'abc'.");
        } finally {
            System.clearProperty(PropertyRunner.SEED_PROPERTY);
        }
    }

    @Test
    void inputsTheAssumptionsRejectAreNotChecksAndTooManyFailTheProperty() {
        PropertyRunner.check("Ints#notMultiplesOfThree", 1L, 600, Generators.ints(0, 99), n -> Assumptions.assumeTrue(n % 3 != 0));
        assertThatThrownBy(() -> PropertyRunner.check("Ints#hundred", 1L, 600, Generators.ints(0, 99),
                n -> Assumptions.assumeTrue(n == 100)))
                .hasMessageStartingWith("Property Ints#hundred checked too few inputs: '0 checks, 600 rejected'.");
    }

    @Test
    void inputsAreDescribedWithInvisibleCharactersEscapedAndBytesInHex() {
        record Input(String text, byte[] bytes, List<Character> chars) {
        }
        assertThat(PropertyRunner.describe(new Input("a\u00A0\uFEFF\"𠀀\n", new byte[] {(byte) 0xEF, 0x00}, List.of('\t'))))
                .isEqualTo("Input[text=\"a\\u00A0\\uFEFF\\u0022𠀀\\u000A\", bytes=bytes[ef00], chars=['\\u0009']]");
    }
}
