package org.tsnlat.tune;

import java.util.regex.Pattern;

/** A shell-style pattern of a plan ("vhost-*", "CPU &#42;/KVM", "irq/*-eth0-rx-?"): {@code *} any text, {@code ?} one character. */
record Glob(String text, Pattern regex) {
    static Glob of(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '?' -> b.append('.');
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(text, Pattern.compile(b.toString(), Pattern.DOTALL));
    }

    boolean matches(String s) {
        return s != null && regex.matcher(s).matches();
    }
}
