package dev.asyncref.demo;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.function.Function;

/** One of the six styles, as the demo runs it: a name and how to build its pizzeria on some services. */
record Style(String name, Function<Downstream, Pizzeria> pizzeria) {}
