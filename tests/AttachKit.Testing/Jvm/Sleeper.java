import java.util.concurrent.locks.LockSupport;

// A JVM for the tests and benchmarks to attach to: prints "ready <pid>" and waits for its standard input to
// close, with as many blocked threads as its argument asks (sleeping, waiting on a monitor, parked), and with a
// second argument "deadlock", two threads deadlocked on two monitors.
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
        if (args.length > 1 && args[1].equals("deadlock")) {
            Object first = new Object(), second = new Object();
            java.util.concurrent.CountDownLatch bothHold = new java.util.concurrent.CountDownLatch(2);
            startDeadlocked("deadlock-a", first, second, bothHold);
            startDeadlocked("deadlock-b", second, first, bothHold);
            while (Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("deadlock-")).anyMatch(t -> t.getState() != Thread.State.BLOCKED)) {
                Thread.sleep(10);
            }
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() != -1) { }
    }

    private static void startDeadlocked(String name, Object mine, Object theirs, java.util.concurrent.CountDownLatch bothHold) {
        Thread t = new Thread(() -> {
            synchronized (mine) {
                bothHold.countDown();
                try { bothHold.await(); } catch (InterruptedException e) { return; }
                synchronized (theirs) { System.out.println("unreachable"); }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
