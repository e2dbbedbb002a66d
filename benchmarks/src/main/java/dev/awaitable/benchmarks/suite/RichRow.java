package dev.awaitable.benchmarks.suite;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** W12's result: what a DB row or an API model looks like, as a Java record. */
public record RichRow(long id, String customer, String email, String street, String city, String country,
                      String currency, String channel, String status, String note, String region, int priority,
                      int attempts, double score, boolean active, int version, OffsetDateTime placedAt,
                      BigDecimal amount, UUID ref, List<Line> lines) {

    /** One of the row's nested models. */
    public record Line(String sku, int quantity, double price) {
    }
}
