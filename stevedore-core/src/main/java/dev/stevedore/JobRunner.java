package dev.stevedore;

import java.time.Duration;
import dev.stevedore.spi.NodeControl;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs claimed jobs, each on its own virtual thread, with its time limits: at the attempt's deadline
 * (its timeout, capped by the time left before the job deadline), or once its handler has gone longer
 * than its heartbeat timeout without a heartbeat, the thread is interrupted; if it ignores the
 * interrupt for the interrupt grace, the attempt is recorded as timed out, its slot is freed, and the
 * thread is abandoned (counted and logged: Java cannot kill a thread).
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final NodeConfig config;
    private final ArgsCodec codec;
    private final Settler settler;
    private final Completer completer;
    private final EventBus events;
    private final ScheduledExecutorService timers;
    private final ProgressWriter progressWriter;
    private final Gate gate;
    private final Steps steps;
    private final Map<Long, Execution> running = new ConcurrentHashMap<>();
    private final HandOffs handOffs = new HandOffs();
    private final AtomicInteger abandoned = new AtomicInteger();

    JobRunner(NodeConfig config, ArgsCodec codec, Settler settler, Completer completer, EventBus events,
              ScheduledExecutorService timers, ProgressWriter progressWriter, Gate gate) {
        this.config = config;
        this.codec = codec;
        this.settler = settler;
        this.completer = completer;
        this.events = events;
        this.timers = timers;
        this.progressWriter = progressWriter;
        this.gate = gate;
        // A step's result is limited like an output: both are small values stored with the job.
        this.steps = new Steps(config.store(), codec, config.settings().maxOutputBytes());
    }

    /** Starts the job; {@code onSettled} gets its outcome once it is decided (its slot is free). */
    void run(AdmittedJob admitted, Consumer<Settlement> onSettled) {
        Job job = admitted.job();
        Registration<?> registration = config.handlers().get(job.kind());
        if (registration == null) {
            Settlement held = settler.unknownKind(job, config.handlers().keySet());
            completer.add(held); // before the slot frees, as in finish(): a stopping node waits on slots
            onSettled.accept(held);
            return;
        }
        Deadlines.Budget budget = Deadlines.budget(job, timeoutOf(job, registration));
        Instant deadline = config.clock().instant().plus(budget.allowed());
        Execution execution = new Execution(admitted, registration, deadline, System.nanoTime(), onSettled);
        running.put(job.id(), execution);
        execution.timer = timers.schedule(() -> onDeadline(execution, budget.whenReached()),
                budget.allowed().toNanos(), TimeUnit.NANOSECONDS);
        Duration heartbeatTimeout = heartbeatTimeoutOf(job, registration);
        if (heartbeatTimeout != null) {
            watchHeartbeat(execution, heartbeatTimeout, heartbeatTimeout);
        }
        execution.thread = Thread.ofVirtual().name("stevedore-job-" + job.id()).start(() -> execute(execution));
    }

    /**
     * Runs the job on the calling thread (a node driven by {@link NodeSteps}); its outcome is queued for
     * the completer like any other. No timer runs: the attempt timeout and heartbeat timeout
     * are not enforced, the handler runs until it returns. The caller's MDC is restored afterwards.
     */
    NodeSteps.Ran runHere(AdmittedJob admitted) {
        Job job = admitted.job();
        Registration<?> registration = config.handlers().get(job.kind());
        if (registration == null) {
            Settlement held = settler.unknownKind(job, config.handlers().keySet());
            completer.add(held);
            return new NodeSteps.Ran(job, held.completion().state(), null);
        }
        AtomicReference<Settlement> outcome = new AtomicReference<>();
        Deadlines.Budget budget = Deadlines.budget(job, timeoutOf(job, registration));
        Execution execution = new Execution(admitted, registration, config.clock().instant().plus(budget.allowed()),
                System.nanoTime(), outcome::set);
        running.put(job.id(), execution);
        Map<String, String> callerMdc = MDC.getCopyOfContextMap();
        try {
            execute(execution);
        } finally {
            if (callerMdc != null) {
                MDC.setContextMap(callerMdc);
            }
        }
        return new NodeSteps.Ran(job, outcome.get().completion().state(), execution.thrown);
    }

    /** The lock over the node's jobs moving between stages; {@link #run} is the move into running. */
    HandOffs handOffs() {
        return handOffs;
    }

    int runningCount() {
        return running.size();
    }

    /** The execution that has been running longest on this node, or null when none runs. */
    @org.jspecify.annotations.Nullable Execution oldestRunning() {
        Execution oldest = null;
        for (Execution execution : running.values()) {
            if (oldest == null || execution.startNanos - oldest.startNanos < 0) {
                oldest = execution;
            }
        }
        return oldest;
    }

    int abandonedCount() {
        return abandoned.get();
    }

    /**
     * Interrupts the executions an operator asked to cancel (each once; the request is read again every
     * poll until the job leaves running). Those that ignore the interrupt are settled as cancelled after
     * the interrupt grace. Returns the requests for jobs not running here, which may still sit in a
     * producer's buffer.
     */
    List<NodeControl.CancelRequest> cancel(List<NodeControl.CancelRequest> requests) {
        List<NodeControl.CancelRequest> notRunning = new ArrayList<>();
        for (NodeControl.CancelRequest request : requests) {
            Execution execution = running.get(request.jobId());
            if (execution == null || execution.job.attempt() != request.attempt()) {
                notRunning.add(request);
            } else if (!execution.cancelRequested) {
                execution.cancelRequested = true;
                execution.interrupt(Execution.Interruption.CANCEL);
                LOG.info("job {} ({}) interrupted: cancel requested", execution.job.id(), execution.job.kind());
                timers.schedule(() -> abandon(execution), config.settings().interruptGrace().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return notRunning;
    }

    /** Interrupts every running job for shutdown; those that ignore it are handed back after the grace. */
    void interruptAllForShutdown() {
        for (Execution execution : running.values()) {
            execution.interrupt(Execution.Interruption.SHUTDOWN);
            timers.schedule(() -> abandon(execution), config.settings().interruptGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void execute(Execution execution) {
        Job job = execution.job;
        if (execution.startBy != AdmittedJob.ANY_TIME && System.nanoTime() - execution.startBy > 0
                && !gate.retakeRateTokens(job)) {
            // Its rate token's lease ended before the handler could begin (it waited for a slot, or this
            // thread for a carrier), and the node's current leases have no token to spare: started now, it
            // would be a start the store's window did not count.
            finish(execution, settler.throttled(job, gate.lateStartWait(job), Duration.ZERO));
            return;
        }
        execution.startedAt = config.clock().instant();
        events.publish(new JobEvent(JobEvent.Type.STARTED, job, Duration.ZERO, null));
        MDC.put("stevedore.job_id", Long.toString(job.id()));
        MDC.put("stevedore.kind", job.kind());
        MDC.put("stevedore.queue", job.queue());
        MDC.put("stevedore.attempt", Integer.toString(job.attempt()));
        Span span = JobTracing.start(job);
        Throwable failure = null;
        Settlement settlement;
        try (Scope scope = JobTracing.makeCurrent(span)) {
            Record args = codec.decode(job.args(), execution.registration.type());
            execution.registration.invoke(new RunningJobContext(execution, config.nodeId(), codec,
                    config.settings().maxOutputBytes(), progressWriter, steps), args);
            settlement = settler.completed(job, elapsed(execution));
        } catch (Throwable thrown) {
            failure = thrown;
            execution.thrown = thrown;
            if (thrown instanceof VirtualMachineError vmError && !(thrown instanceof StackOverflowError)) {
                LOG.error("job {} ({}) raised {}", job.id(), job.kind(), vmError.toString());
            }
            if (thrown instanceof Outcome.RateLimited limited) {
                gate.rateLimited(job, limited.until());
            }
            // A cancel request wins over whatever else interrupted the handler: the operator wants it stopped.
            Execution.Interruption why = execution.cancelRequested ? Execution.Interruption.CANCEL : execution.interruption;
            settlement = settler.failed(job, execution.registration, thrown, why, execution.limitReached(),
                    elapsed(execution));
        } finally {
            MDC.clear();
        }
        JobTracing.end(span, settlement.eventType(), failure);
        finish(execution, settlement);
    }

    private void onDeadline(Execution execution, LimitReached limit) {
        if (execution.isSettled()) {
            return;
        }
        execution.timeOut(limit);
        timers.schedule(() -> abandon(execution), config.settings().interruptGrace().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Checks the handler's last heartbeat after {@code wait}: silent for the whole timeout, the
     * execution is timed out; otherwise the check comes back when the timeout after the latest
     * heartbeat would run out. One timer per execution, re-armed at most once per timeout: heartbeats
     * themselves only write a field.
     */
    private void watchHeartbeat(Execution execution, Duration wait, Duration heartbeatTimeout) {
        execution.heartbeatTimer = timers.schedule(() -> {
            if (execution.isSettled()) {
                return;
            }
            Duration silent = Duration.ofNanos(System.nanoTime() - execution.lastBeatNanos());
            if (silent.compareTo(heartbeatTimeout) >= 0) {
                onDeadline(execution, LimitReached.heartbeatSilence(silent, heartbeatTimeout));
            } else {
                watchHeartbeat(execution, heartbeatTimeout.minus(silent), heartbeatTimeout);
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void abandon(Execution execution) {
        if (execution.isSettled()) {
            return;
        }
        Job job = execution.job;
        Duration grace = config.settings().interruptGrace();
        Settlement settlement = switch (execution.cancelRequested ? Execution.Interruption.CANCEL : execution.interruption) {
            case SHUTDOWN -> settler.handedBack(job, elapsed(execution));
            case CANCEL -> settler.cancelledOnRequest(job, elapsed(execution));
            default -> settler.abandonedAfterTimeout(job, execution.registration, execution.limitReached(),
                    elapsed(execution), grace);
        };
        if (finish(execution, settlement)) {
            int total = abandoned.incrementAndGet();
            LOG.warn("job {} ({}) ignored its interrupt for {}; its thread is abandoned and still running "
                    + "({} abandoned on this node). Make the handler respond to interruption.", job.id(), job.kind(), grace, total);
        }
    }

    private boolean finish(Execution execution, Settlement settlement) {
        if (!execution.settle()) {
            LOG.debug("job {} finished after its outcome was already recorded; result ignored", execution.job.id());
            return false;
        }
        // The outcome is queued before the job stops counting as running: a stopping node waits for
        // the running count to reach zero and then stops the completer, which must already hold it.
        completer.add(settlement.withReport(execution.output, execution.progress));
        gate.settled(settlement);
        running.remove(execution.job.id());
        execution.onSettled.accept(settlement);
        return true;
    }

    private Duration timeoutOf(Job job, Registration<?> registration) {
        if (job.timeout() != null) {
            return job.timeout();
        }
        Duration kindTimeout = registration.options().timeout;
        return kindTimeout != null ? kindTimeout : config.defaults().timeout();
    }

    private @Nullable Duration heartbeatTimeoutOf(Job job, Registration<?> registration) {
        return job.heartbeatTimeout() != null ? job.heartbeatTimeout() : registration.options().heartbeatTimeout;
    }

    private static Duration elapsed(Execution execution) {
        return Duration.ofNanos(System.nanoTime() - execution.startNanos);
    }

    Set<Long> runningIds() {
        return Set.copyOf(running.keySet());
    }
}
