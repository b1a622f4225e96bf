// A JVM for the benchmarks to attach to: prints "ready" and waits, with a few named waiting threads.
public class Sleeper {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Object lock = new Object();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                synchronized (lock) {
                    try { lock.wait(); } catch (InterruptedException e) { }
                }
            }, "waiter-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() != -1) { }
    }
}
