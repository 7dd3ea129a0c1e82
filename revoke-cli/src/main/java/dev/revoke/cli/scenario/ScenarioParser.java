package dev.revoke.cli.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario file into steps, all of it before anything runs, so a
 * malformed file never half-runs. Each line is a directive
 * ({@code process getty uid=0}) or a thread's call ({@code getty: read fd 16},
 * {@code getty: read& fd 16}, {@code getty: open /dev/x O_RDWR -> fd}).
 */
final class ScenarioParser {
    /** A parsed line: where it came from and what it does. */
    record Line(int number, String text, Step step) {
    }

    private final ScenarioLanguage language;

    ScenarioParser(ScenarioLanguage language) {
        this.language = language;
    }

    List<Line> parse(List<String> lines) throws ScenarioError {
        ParseScope scope = new ParseScope(language);
        List<Line> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            scope.line = n;
            try {
                List<Token> tokens = Lexer.tokens(lines.get(i));
                if (tokens.isEmpty()) {
                    continue;
                }
                steps.add(new Line(n, lines.get(i).strip(), line(tokens, scope)));
            } catch (ScenarioError e) {
                throw e.at(n);
            }
        }
        for (Map.Entry<String, Integer> b : scope.busy.entrySet()) {
            throw new ScenarioError(b.getValue(), b.getKey() + "'s background call is never waited for (add `wait " + b.getKey() + "`)");
        }
        return steps;
    }

    private Step line(List<Token> tokens, ParseScope scope) throws ScenarioError {
        Token first = tokens.get(0);
        if (!first.quoted() && first.text().endsWith(":") && first.text().length() > 1) {
            return threadCall(first.text().substring(0, first.text().length() - 1), tokens.subList(1, tokens.size()), scope);
        }
        Directive d = first.quoted() ? null : language.directive(first.text());
        if (d == null) {
            throw new ScenarioError("unknown command '" + first.display() + "' (commands: " + language.directiveNames()
                    + "; or THREAD: CALL)");
        }
        return d.parse(new Args(tokens.subList(1, tokens.size()), d.usage()), scope);
    }

    private Step threadCall(String thread, List<Token> words, ParseScope scope) throws ScenarioError {
        scope.requireThread(thread);
        Integer busySince = scope.busy.get(thread);
        if (busySince != null) {
            throw new ScenarioError(thread + " is still in its background call of line " + busySince + " (`wait " + thread + "` first)");
        }
        if (words.isEmpty() || words.get(0).quoted()) {
            throw new ScenarioError("missing call after '" + thread + ":' (calls: " + language.syscallNames() + ")");
        }
        String op = words.get(0).text();
        boolean background = op.endsWith("&");
        if (background) {
            op = op.substring(0, op.length() - 1);
        }
        SyscallSpec spec = language.syscall(op);
        if (spec == null) {
            throw new ScenarioError("unknown call '" + op + "' (calls: " + language.syscallNames() + ")");
        }
        List<Token> args = words.subList(1, words.size());
        String bindName = null;
        int arrow = args.size() - 2;
        if (arrow >= 0 && args.get(arrow).is("->")) {
            bindName = args.get(arrow + 1).text();
            ParseScope.checkName(bindName);
            args = args.subList(0, arrow);
        }
        if (background && bindName != null) {
            throw new ScenarioError("a background call binds no name; `wait " + thread + "` and use LAST or " + thread + ".result");
        }
        CallTemplate template = spec.parse(new Args(args, op + (background ? "& " : " ") + spec.usage().substring(op.length()).strip()),
                scope, bindName);
        if (bindName != null && !scope.isProcess(bindName)) {
            scope.bind(bindName);
        }
        if (background) {
            scope.busy.put(thread, scope.line());
        }
        return new ThreadCall(thread, op, template, background, bindName);
    }
}
