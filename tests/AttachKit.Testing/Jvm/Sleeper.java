import java.util.concurrent.locks.LockSupport;

// A JVM for the tests and benchmarks to attach to: prints "ready <pid>" and waits for its standard input to
// close, with as many blocked threads as its argument asks (sleeping, waiting on a monitor, parked).
public class Sleeper {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Object monitor = new Object();
        for (int i = 0; i < threads; i++) {
            int kind = i % 3;
            Thread t = new Thread(() -> {
                try {
                    if (kind == 0) { Thread.sleep(Long.MAX_VALUE); }
                    else if (kind == 1) { synchronized (monitor) { monitor.wait(); } }
                    else { while (true) { LockSupport.park(); } }
                } catch (InterruptedException e) { }
            }, "blocked-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() != -1) { }
    }
}
