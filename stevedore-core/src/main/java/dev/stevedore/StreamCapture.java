package dev.stevedore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads one output stream of a process to its end on its own thread, so a program writing a lot to
 * one stream never blocks on a full pipe while we wait on the other. Keeps a bounded part of what it
 * reads (the head, or the tail), counts every byte, and hands each line to an optional listener.
 */
final class StreamCapture {
    /** Which part of the stream is kept when it is longer than the limit. */
    enum Keep { HEAD, TAIL }

    /** Lines longer than this reach the listener cut to this many bytes. */
    static final int MAX_LINE = 64 * 1024;

    private final Keep keep;
    private final int limit;
    private final @Nullable Consumer<String> lines;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final ArrayDeque<byte[]> tail = new ArrayDeque<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CompletableFuture<RuntimeException> listenerFailure = new CompletableFuture<>();
    private long tailSize;
    private long total;
    private boolean afterCarriageReturn;

    StreamCapture(Keep keep, int limit, @Nullable Consumer<String> lines) {
        this.keep = keep;
        this.limit = limit;
        this.lines = lines;
    }

    /** Starts reading {@code in} on a virtual thread; {@link #done()} completes at its end. */
    StreamCapture start(InputStream in, String name) {
        Thread.ofVirtual().name(name).start(() -> drain(in));
        return this;
    }

    /** Completes when the stream has ended. */
    CompletableFuture<Void> done() {
        return done;
    }

    /** Completes, with the exception, only if the line listener threw; later lines are not passed on. */
    CompletableFuture<RuntimeException> listenerFailure() {
        return listenerFailure;
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                accept(buffer, n);
            }
        } catch (IOException e) {
            // The pipe was closed under us (the process was killed): what was read so far is the output.
        } finally {
            finishLine();
            done.complete(null);
        }
    }

    private synchronized void accept(byte[] buffer, int n) {
        total += n;
        if (keep == Keep.HEAD) {
            head.write(buffer, 0, (int) Math.min(n, limit - head.size()));
        } else {
            tail.addLast(Arrays.copyOf(buffer, n));
            tailSize += n;
            while (!tail.isEmpty() && tailSize - tail.peekFirst().length >= limit) {
                tailSize -= tail.removeFirst().length;
            }
        }
        if (lines != null && !listenerFailure.isDone()) {
            split(buffer, n);
        }
    }

    /** Splits on LF, CR or CRLF: progress meters (ffmpeg, curl) redraw their line with a bare CR. */
    private void split(byte[] buffer, int n) {
        for (int i = 0; i < n && !listenerFailure.isDone(); i++) {
            byte b = buffer[i];
            if (b == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
            } else if (b == '\n' || b == '\r') {
                afterCarriageReturn = b == '\r';
                emitLine();
            } else {
                afterCarriageReturn = false;
                if (line.size() < MAX_LINE) {
                    line.write(b);
                }
            }
        }
    }

    private synchronized void finishLine() {
        if (line.size() > 0) {
            emitLine();
        }
    }

    private void emitLine() {
        if (lines == null || listenerFailure.isDone()) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
            lines.accept(text);
        } catch (RuntimeException e) {
            listenerFailure.complete(e);
        }
    }

    /** The bytes kept so far: the first or the last {@code limit} bytes read. */
    synchronized byte[] kept() {
        if (keep == Keep.HEAD) {
            return head.toByteArray();
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream((int) Math.min(tailSize, Integer.MAX_VALUE));
        tail.forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();
        return bytes.length <= limit ? bytes : Arrays.copyOfRange(bytes, bytes.length - limit, bytes.length);
    }

    /** The bytes kept so far, decoded as UTF-8 (malformed bytes replaced). */
    String text() {
        return new String(kept(), StandardCharsets.UTF_8);
    }

    /** Every byte read so far, kept or not. */
    synchronized long total() {
        return total;
    }
}
