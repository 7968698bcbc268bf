package dev.stevedore.dashboard;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A piece of HTML that is safe to send: either a constant template written in this package, or text
 * that went through {@link #escape}. Every page is assembled from these, so a value read from the
 * store or the request can only reach the browser escaped.
 *
 * @param value the markup
 */
record Html(String value) {
    static final Html EMPTY = new Html("");

    /**
     * Fills the {@code {}} holes of a constant template in order: an {@link Html} argument goes in as
     * it is, anything else as escaped text ({@code null} as nothing). A count that does not match is a
     * bug in this package, hence IllegalStateException (a 500), not a bad request.
     */
    static Html of(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64 * args.length);
        int from = 0;
        for (Object arg : args) {
            int hole = template.indexOf("{}", from);
            if (hole < 0) {
                throw new IllegalStateException("more arguments than holes in template: " + template);
            }
            out.append(template, from, hole);
            out.append(arg instanceof Html html ? html.value : escape(arg == null ? "" : String.valueOf(arg)));
            from = hole + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalStateException("fewer arguments than holes in template: " + template);
        }
        return new Html(out.append(template, from, template.length()).toString());
    }

    /** The pieces one after another. */
    static Html join(Collection<Html> pieces) {
        return new Html(pieces.stream().map(Html::value).collect(Collectors.joining()));
    }

    /** {@code text} with every character that means something in HTML text or a quoted attribute replaced. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                default -> null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
