package io.onceonly.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeliveryBudgetTest {
    private static final Duration NO_WAIT = Duration.ZERO;

    /** A poll of at most {@code max} records that returned {@code returned}; returns the permits it took. */
    private static int poll(DeliveryBudget.Account account, int max, int returned) throws InterruptedException {
        int taken = account.beforePoll(max, NO_WAIT);
        account.polled(taken, returned);
        return taken;
    }

    @Test
    void keepsWhatAPollReturnedUntilItIsDone() throws Exception {
        DeliveryBudget budget = new DeliveryBudget(1000);
        DeliveryBudget.Account a = budget.account();
        assertThat(poll(a, 500, 120)).isEqualTo(500);
        assertThat(budget.inFlight()).isEqualTo(120);
        assertThat(a.held()).isEqualTo(120);
        a.done(100);
        assertThat(budget.inFlight()).isEqualTo(20);
        a.done(100); // never gives back more than it holds
        assertThat(budget.inFlight()).isZero();
        assertThat(a.held()).isZero();
    }

    @Test
    void aConsumerWaitsWhileOthersHoldTheWholeBudget() throws Exception {
        DeliveryBudget budget = new DeliveryBudget(1000);
        DeliveryBudget.Account first = budget.account();
        DeliveryBudget.Account second = budget.account();
        poll(first, 1000, 1000);
        assertThat(second.beforePoll(1000, Duration.ofMillis(20))).as("no room for a second poll").isZero();
        first.done(1000);
        assertThat(second.beforePoll(1000, NO_WAIT)).isEqualTo(1000);
    }

    @Test
    void aFailedBatchGivesBackEverythingItsConsumerHeld() throws Exception {
        DeliveryBudget budget = new DeliveryBudget(1000);
        DeliveryBudget.Account a = budget.account();
        poll(a, 400, 400);
        poll(a, 400, 300);
        a.releaseAll();
        assertThat(budget.inFlight()).isZero();
        a.done(700); // the retried batch commits later: nothing is given back twice
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void aPollLargerThanTheBudgetTakesItAllAndOverdrawsWhenItReturnsMore() throws Exception {
        DeliveryBudget budget = new DeliveryBudget(100);
        DeliveryBudget.Account a = budget.account();
        assertThat(a.beforePoll(1000, NO_WAIT)).as("all there is").isEqualTo(100);
        a.polled(100, 150);
        assertThat(budget.inFlight()).isEqualTo(150);
        assertThat(budget.account().beforePoll(1, NO_WAIT)).as("nothing left").isZero();
        a.done(150);
        assertThat(budget.inFlight()).isZero();
        assertThat(budget.account().beforePoll(100, NO_WAIT)).isEqualTo(100);
    }

    @Test
    void refusesABudgetOfNothing() {
        assertThatThrownBy(() -> new DeliveryBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
