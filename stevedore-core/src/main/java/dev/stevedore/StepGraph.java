package dev.stevedore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "waits for" graph of a batch's named steps, checked before anything is stored: every name a step
 * waits for must be a step of the batch, and no step may wait for itself, directly or through others
 * (it would never run). The error names the cycle, in the order the steps were added.
 */
final class StepGraph {
    private enum Mark { VISITING, DONE }

    private StepGraph() {}

    /** {@code after} maps each step to the steps it waits for, in the order the steps were added. */
    static void check(Map<String, List<String>> after) {
        for (Map.Entry<String, List<String>> step : after.entrySet()) {
            for (String upstream : step.getValue()) {
                if (!after.containsKey(upstream)) {
                    throw new IllegalArgumentException("step \"" + step.getKey() + "\" waits for \"" + upstream
                            + "\", which is not a step of this batch; its steps are " + List.copyOf(after.keySet()));
                }
            }
        }
        Map<String, Mark> marks = new HashMap<>();
        for (String step : after.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = findCycle(step, after, marks, path);
            if (cycle != null) {
                throw new IllegalArgumentException("steps wait for each other in a cycle, so none of them could "
                        + "ever run: " + String.join(" → ", cycle) + " (each waits for the next)");
            }
        }
    }

    /** Depth-first from {@code step}; returns the cycle (first name repeated at the end) if one is reached. */
    private static List<String> findCycle(String step, Map<String, List<String>> after, Map<String, Mark> marks,
                                          List<String> path) {
        Mark mark = marks.get(step);
        if (mark == Mark.DONE) {
            return null;
        }
        if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
            cycle.add(step);
            return cycle;
        }
        marks.put(step, Mark.VISITING);
        path.add(step);
        for (String upstream : after.get(step)) {
            List<String> cycle = findCycle(upstream, after, marks, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        marks.put(step, Mark.DONE);
        return null;
    }
}
