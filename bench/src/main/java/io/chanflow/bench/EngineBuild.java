package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;
import io.chanflow.state.Bar;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One build of the engine ({@code state} module), loaded from its jar or classes folder in a class
 * loader of its own, so that two builds can run side by side in one JVM (see {@link EnginePair}
 * and {@link EngineDiff}). Only the engine's public API is used: {@code ChanConfig}, {@code
 * ChanEngine}, {@code ChanState#toBytes} and {@code Bar}.
 */
final class EngineBuild {
    final Path location;
    private final MethodHandle fromAssignments;
    private final MethodHandle newEngine;
    private final MethodHandle newState;
    private final MethodHandle step;
    private final MethodHandle events;
    private final MethodHandle toBytes;
    private final Constructor<?> newBar;

    EngineBuild(Path location) {
        if (!Files.exists(location)) {
            throw new IllegalArgumentException("engine build " + location + " does not exist (a state jar or classes folder)");
        }
        this.location = location;
        try {
            URL url = location.toUri().toURL();
            // parent: the platform loader, so nothing of the state module leaks in from our own class path
            ClassLoader cl = new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
            Class<?> cfg = cl.loadClass("io.chanflow.state.ChanConfig");
            Class<?> engine = cl.loadClass("io.chanflow.state.ChanEngine");
            Class<?> state = cl.loadClass("io.chanflow.state.ChanState");
            Class<?> bar = cl.loadClass("io.chanflow.state.Bar");
            Class<?> stepResult = cl.loadClass("io.chanflow.state.ChanEngine$Step");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            fromAssignments = lookup.unreflect(cfg.getMethod("fromAssignments", List.class));
            newEngine = lookup.unreflectConstructor(engine.getConstructor(cfg));
            newState = lookup.unreflect(engine.getMethod("newState"));
            step = lookup.unreflect(engine.getMethod("step", state, bar));
            events = lookup.unreflect(stepResult.getMethod("events"));
            toBytes = lookup.unreflect(state.getMethod("toBytes"));
            newBar = bar.getConstructor(long.class, double.class, double.class, double.class, double.class, double.class);
        } catch (ReflectiveOperationException | MalformedURLException e) {
            throw new IllegalArgumentException("cannot load the engine from " + location + ": " + e, e);
        }
    }

    /** The bars of a CSV file (the CLI's reader and validation), as this build's {@code Bar} objects. */
    Object[] bars(List<BarCsv.Row> rows) {
        Object[] out = new Object[rows.size()];
        try {
            for (int i = 0; i < out.length; i++) {
                Bar b = rows.get(i).bar();
                out[i] = newBar.newInstance(b.time(), b.open(), b.high(), b.low(), b.close(), b.volume());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A new engine for the config given as {@code key=value} assignments (the CLI's {@code --set}). */
    Object engine(List<String> assignments) {
        try {
            return newEngine.invoke(fromAssignments.invoke(assignments));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    Object newState(Object engine) {
        try {
            return newState.invoke(engine);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Feeds one bar; returns its events. */
    List<?> step(Object engine, Object state, Object bar) {
        try {
            return (List<?>) events.invoke(step.invoke(engine, state, bar));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    byte[] toBytes(Object state) {
        try {
            return (byte[]) toBytes.invoke(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
