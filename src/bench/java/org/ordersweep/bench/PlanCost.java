package org.ordersweep.bench;

/** The sweep configuration's plan as the plan command estimates it: what dedupe saves, in trials and FLOP. */
public record PlanCost(int orderings, int combinations, int trials, double tflop, double tflopWithoutDedupe) {
}
