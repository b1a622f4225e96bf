using AttachKit.Agent.Commands.Runtime;
using AttachKit.Testing;

namespace AttachKit.Agent.Tests.Commands;

public class CgroupMemoryTests
{
    [Fact]
    public void AVersionTwoLimitIsTheLowestOnThePathToTheRoot()
    {
        using var root = ScratchDirectory.Create();
        Write(root, "kubepods/memory.max", "1073741824\n");
        Write(root, "kubepods/pod1/memory.max", "max\n");
        Write(root, "kubepods/pod1/app/memory.max", "2147483648\n");

        Assert.Equal(1073741824, CgroupMemory.Limit("0::/kubepods/pod1/app\n", root.Path));
    }

    [Fact]
    public void AVersionOneLimitIsReadFromTheMemoryController()
    {
        using var root = ScratchDirectory.Create();
        Write(root, "memory/docker/abc/memory.limit_in_bytes", "536870912\n");
        Write(root, "memory/memory.limit_in_bytes", "9223372036854771712\n");

        Assert.Equal(536870912, CgroupMemory.Limit("12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n", root.Path));
    }

    [Fact]
    public void InsideAContainerTheMountPointsOwnFileCounts()
    {
        using var root = ScratchDirectory.Create();
        Write(root, "memory.max", "268435456\n");

        Assert.Equal(268435456, CgroupMemory.Limit("0::/host/path/not/mounted\n", root.Path));
    }

    [Fact]
    public void NoLimitAnywhereIsNull()
    {
        using var root = ScratchDirectory.Create();
        Write(root, "memory.max", "max\n");

        Assert.Null(CgroupMemory.Limit("0::/\n", root.Path));
        Assert.Null(CgroupMemory.Limit(null, root.Path));
    }

    private static void Write(ScratchDirectory root, string relative, string text)
    {
        var path = Path.Combine(root.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
