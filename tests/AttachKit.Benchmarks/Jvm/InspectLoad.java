import java.util.ArrayList;
import java.util.List;
import java.util.Random;

// The JVM beside the .NET app of the inspect benchmark: prints "ready <pid>" and waits for its standard input to
// close, with as many threads as its first argument asks (a few holding monitors that two more each wait to
// enter, the rest asleep) and a live heap of about its second argument in megabytes of small objects
// (customers with strings, lists of orders and, one in 16, a picture), as the .NET app has.
public class InspectLoad {
    static final List<Object> kept = new ArrayList<>();

    record Order(String sku, long cents, long placed) { }

    record Customer(int id, String name, String email, List<Order> orders, byte[] picture) { }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long heapBytes = Long.parseLong(args[1]) * 1024 * 1024;
        fillHeap(heapBytes);

        int owners = Math.max(2, threads / 50);
        int waiters = owners * 2;
        Object[] locks = new Object[owners];
        for (int i = 0; i < owners; i++) {
            Object held = locks[i] = new Object();
            start("lock-owner-" + i, () -> { synchronized (held) { sleep(); } });
        }
        Thread.sleep(200);
        for (int i = 0; i < waiters; i++) {
            Object wanted = locks[i % owners];
            start("lock-waiter-" + i, () -> { synchronized (wanted) { System.exit(3); } });
        }
        for (int i = 0; i < threads - owners - waiters; i++) {
            start("blocked-" + i, InspectLoad::sleep);
        }
        Thread.sleep(500);
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        System.out.println("inspect-load threads=" + threads + " lock-owners=" + owners + " lock-waiters=" + waiters
            + " heap-bytes=" + (runtime.totalMemory() - runtime.freeMemory()));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() != -1) { }
    }

    static void fillHeap(long bytes) {
        String[] skus = new String[500];
        for (int i = 0; i < skus.length; i++) {
            skus[i] = String.format("SKU-%05d", i);
        }
        List<Customer> customers = new ArrayList<>();
        kept.add(customers);
        Random random = new Random(42);
        Runtime runtime = Runtime.getRuntime();
        for (int id = 0; ; id++) {
            if (id % 10_000 == 0 && runtime.totalMemory() - runtime.freeMemory() >= bytes) {
                System.gc();
                if (runtime.totalMemory() - runtime.freeMemory() >= bytes) {
                    return;
                }
            }
            List<Order> orders = new ArrayList<>(4);
            for (int o = 1 + random.nextInt(4); o > 0; o--) {
                orders.add(new Order(skus[random.nextInt(skus.length)], 1 + random.nextInt(100_000), random.nextInt() * 60_000L));
            }
            String name = "customer-" + id;
            customers.add(new Customer(id, name, name + "@example.com", orders, id % 16 == 0 ? new byte[512 + random.nextInt(3584)] : null));
        }
    }

    static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    static void sleep() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) { }
    }
}
