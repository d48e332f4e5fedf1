package org.j386.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TAP lines a guest self-test prints: a plan {@code 1..N} and {@code ok N - name} /
 * {@code not ok N - name} results. Other lines (the boot log) are ignored.
 */
public record Tap(int planned, List<String> passed, List<String> failed) {
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");
    private static final Pattern RESULT = Pattern.compile("^(not )?ok (\\d+)( - (.*))?$");

    public static Tap parse(String transcript) {
        int plan = -1;
        List<String> ok = new ArrayList<>();
        List<String> notOk = new ArrayList<>();
        for (String line : transcript.split("\n")) {
            Matcher p = PLAN.matcher(line);
            if (p.matches()) {
                plan = Integer.parseInt(p.group(1));
                continue;
            }
            Matcher r = RESULT.matcher(line);
            if (r.matches()) {
                (r.group(1) == null ? ok : notOk).add(line);
            }
        }
        return new Tap(plan, ok, notOk);
    }

    /** Why this run does not count as a pass, or null if it does. */
    public String problem() {
        if (planned < 0) {
            return "no TAP plan line (1..N)";
        }
        if (!failed.isEmpty()) {
            return failed.size() + " failed: " + String.join("; ", failed);
        }
        if (passed.size() != planned) {
            return "plan 1.." + planned + " but " + passed.size() + " passed";
        }
        return null;
    }
}
