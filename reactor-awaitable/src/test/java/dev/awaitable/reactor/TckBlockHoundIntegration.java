package dev.awaitable.reactor;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets the Reactive Streams TCK's own test subscribers take their locks on a loop thread.
 *
 * <p>The TCK's subscribers record each signal in an {@code ArrayBlockingQueue} that the test thread
 * polls. Recording takes the queue's lock, and when the test thread holds it at that moment, the loop
 * thread parks for a moment: BlockHound (installed for the whole suite) then throws inside
 * {@code onNext}/{@code onComplete}, Reactor drops the error, and the rule times out waiting for a
 * signal that was delivered. That was the "rare stall of a stream call" (about one TCK run in ten).
 * The TCK's bookkeeping is test infrastructure, not a user's subscriber, so only it is allowed.
 */
public final class TckBlockHoundIntegration implements BlockHoundIntegration {

    private static final String TEST_ENVIRONMENT = "org.reactivestreams.tck.TestEnvironment";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(TEST_ENVIRONMENT + "$Receptacle", "add")
                .allowBlockingCallsInside(TEST_ENVIRONMENT + "$Receptacle", "complete")
                .allowBlockingCallsInside(TEST_ENVIRONMENT + "$Promise", "complete");
    }
}
