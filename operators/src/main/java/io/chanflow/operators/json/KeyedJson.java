package io.chanflow.operators.json;

/** A JSON record with its Kafka key (the symbol, so one symbol's records stay in order in one partition). */
public record KeyedJson(String key, String json) { }
