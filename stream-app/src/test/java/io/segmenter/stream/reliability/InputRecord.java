package io.segmenter.stream.reliability;

/**
 * One record to send to an input topic, and what the application must do with it.
 *
 * @param label          what the record is, for assertion messages
 * @param topic          the input topic
 * @param key            record key (null for none)
 * @param value          record value bytes (null for a tombstone)
 * @param expectedReason the dead-letter reason it must get, or null for a valid event that is folded in
 */
record InputRecord(String label, String topic, String key, byte[] value, String expectedReason) {

    static InputRecord valid(String topic, String key, byte[] value) {
        return new InputRecord("valid", topic, key, value, null);
    }

    boolean isBad() {
        return expectedReason != null;
    }

    /** Where the broker put the record. */
    record Sent(InputRecord record, int partition, long offset) {
    }
}
