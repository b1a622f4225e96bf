namespace AttachKit.Attacher.Threads.Tests;

public sealed class MethodMapCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attachkit-test-").FullName;

    [Fact]
    public void AKeptMapComesBackAsItWasSaved()
    {
        var cache = MethodMapCache.For(Environment.ProcessId, _directory)!;
        var map = new MethodMap();
        map.Add(0x2000, 0x20, "App.Worker", "Run");
        map.Add(0x1000, 0x10, "System.Threading.Monitor", "Wait");
        cache.Save(new CachedMethods("34-1a2b", map, new HashSet<ulong> { 0x9999 }));

        var kept = cache.TryLoad()!;
        var loaded = kept.Methods;
        Assert.Equal("34-1a2b", kept.Epoch);
        Assert.Equal("34-1a2b", loaded.Epoch);
        Assert.Equal("System.Threading.Monitor.Wait", loaded.Map.Find(0x100f));
        Assert.Equal("App.Worker.Run", loaded.Map.Find(0x2000));
        Assert.Null(loaded.Map.Find(0x2020));
        Assert.Contains(0x9999UL, loaded.Unresolved);
        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void ADamagedMapIsDroppedAndTheFilesOfGoneProcessesAreRemoved()
    {
        var cache = MethodMapCache.For(Environment.ProcessId, _directory)!;
        cache.Save(new CachedMethods("1-1", new MethodMap(), new HashSet<ulong>()));
        var file = Assert.Single(Directory.GetFiles(_directory));
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..11]);
        Assert.Null(cache.TryLoad());
        Assert.False(File.Exists(file));

        cache.Save(new CachedMethods("1-1", new MethodMap(), new HashSet<ulong>()));
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..15]);
        Assert.Throws<InvalidDataException>(() => cache.TryLoad()!.Methods);

        var gone = Path.Combine(_directory, "methods-999999999-12345.bin");
        File.WriteAllBytes(gone, [1, 2, 3]);
        cache.Save(new CachedMethods("1-1", new MethodMap(), new HashSet<ulong>()));
        Assert.False(File.Exists(gone));
        Assert.NotNull(cache.TryLoad());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
