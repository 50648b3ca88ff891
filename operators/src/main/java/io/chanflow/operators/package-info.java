/** Thin Flink functions around the pure-Java engine in {@code io.chanflow.state}. */
package io.chanflow.operators;
