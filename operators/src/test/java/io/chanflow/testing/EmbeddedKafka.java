package io.chanflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka 4.2 broker (combined broker + controller) inside the test JVM.
 *
 * <p>Binds only 127.0.0.1 on two free ports (client and controller listener), keeps its log under {@code dir/data}, allows
 * transactions of up to one hour ({@code transaction.max.timeout.ms=3600000}), and uses replication factor / min ISR 1 for
 * every internal topic. Topics are auto-created on first use (1 partition); call {@link #createTopic} for more partitions.
 *
 * <p>Typical use: one broker per test class, {@code @TempDir static Path tmp; @BeforeAll kafka = EmbeddedKafka.start(tmp);
 * @AfterAll kafka.close();}. Start-up takes ~2-4 s.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** How long the read helpers poll at a time. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap, Path dataDir) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
    }

    /**
     * Formats {@code dir/data} as a fresh KRaft log directory (random cluster id) and starts the broker; returns once it
     * serves requests. {@code dir} must be writable; the broker writes {@code dir/server.properties} and {@code dir/data}.
     */
    public static EmbeddedKafka start(Path dir) {
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("data");
            int brokerPort = freePort();
            int controllerPort = freePort();
            while (controllerPort == brokerPort) {
                controllerPort = freePort();
            }
            Properties p = brokerProperties(data, brokerPort, controllerPort);
            Path file = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "EmbeddedKafka");
            }

            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                // execute, not main: main calls Exit.exit and would end the test JVM
                rc = StorageTool.execute(
                        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, ps);
            }
            if (rc != 0) {
                throw new IllegalStateException(
                        "kafka-storage format failed (" + rc + "): " + buf.toString(StandardCharsets.UTF_8));
            }

            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup(); // returns when the broker is unfenced and its listeners are up
            return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "1");
        // Production retention (7 days) but enforced every second from the start, instead of first after 30 s
        // and then every 5 min: records stamped with years-old event times are deleted at once, so a sink that
        // stamps them fails its test every time rather than now and then.
        p.setProperty("log.initial.task.delay.ms", "0");
        p.setProperty("log.retention.check.interval.ms", "1000");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // KafkaSink EXACTLY_ONCE defaults transaction.timeout.ms to 1 h; the broker default max is 15 min
        p.setProperty("transaction.max.timeout.ms", "3600000");
        // the cleaner preallocates 128 MiB by default; tests don't need compaction throughput
        p.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The broker's log directory ({@code dir/data}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates a topic with replication factor 1 and waits for it. Fails if it exists already. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("createTopic " + name + " failed", e);
        }
    }

    /** Sends the records with {@code acks=all} (not transactional), flushes and waits for every acknowledgement. */
    public void produce(String topic, List<ProducerRecord<String, String>> records) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> r : records) {
                if (!topic.equals(r.topic())) {
                    throw new IllegalArgumentException("record for topic " + r.topic() + " passed to produce(" + topic + ")");
                }
                acks.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("produce to " + topic + " failed", e);
        }
    }

    /**
     * Reads {@code topic} from the earliest offset of every partition with {@code isolation.level=read_committed}: only
     * records of committed transactions (and non-transactional records) are returned, never aborted or open ones.
     *
     * <p>Stop rule: returns as soon as it holds at least {@code expectedCount} records <b>and</b> has reached the current
     * end offset (for read_committed: the last stable offset) of every partition, i.e. it also returns any records beyond
     * {@code expectedCount} that are already visible, so duplicates show up as a larger list. Otherwise it returns whatever
     * it has when {@code maxWait} has passed (so a short list means lost or not yet committed records). Records are in
     * partition order, partitions one after another in no particular order.
     */
    public List<ConsumerRecord<String, String>> readCommitted(String topic, Duration maxWait, int expectedCount) {
        return read(topic, maxWait, expectedCount, "read_committed");
    }

    /**
     * As {@link #readCommitted} with {@code isolation.level=read_uncommitted}: also returns records of aborted and still
     * open transactions (useful to show what read_committed filtered out).
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration maxWait, int expectedCount) {
        return read(topic, maxWait, expectedCount, "read_uncommitted");
    }

    private List<ConsumerRecord<String, String>> read(
            String topic, Duration maxWait, int expectedCount, String isolation) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + maxWait.toNanos();
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        // assign, not subscribe: no group, no rebalance, no committed offsets
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = List.of();
            while (parts.isEmpty() && System.nanoTime() < deadline) {
                parts = c.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .collect(Collectors.toList());
                if (parts.isEmpty()) {
                    sleep(100); // auto-creation still under way
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                c.poll(POLL).forEach(out::add);
                if (out.size() >= expectedCount && atEnd(c, parts)) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean atEnd(KafkaConsumer<String, String> c, List<TopicPartition> parts) {
        Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(5));
        for (TopicPartition tp : parts) {
            if (c.position(tp, Duration.ofSeconds(5)) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shuts the broker down and waits for it; idempotent. The data directory is left in place. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
