package io.segmenter.features.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180 without line breaks inside fields): fields may be double-quoted, a
 * doubled quote inside quotes is a quote; a quote inside an unquoted field is kept as text.
 */
final class Csv {

    private Csv() {
    }

    static List<String> split(String line) throws MalformedLineException {
        if (line.indexOf('"') < 0) {
            return Arrays.asList(line.split(",", -1));
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new MalformedLineException("unterminated quoted field " + (fields.size() + 1));
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new MalformedLineException("text after closing quote in field " + (fields.size() + 1));
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
