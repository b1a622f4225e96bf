using AttachKit.Agent.Descriptors;

namespace AttachKit.Agent.Tests.Descriptors;

public class OpenFlagsTests
{
    [Fact]
    public void AccessModeComesFirstThenEachFlag()
    {
        var info = FdInfo.Parse("pos:\t1234\nflags:\t02102001\nmnt_id:\t25\nino:\t99\n");

        Assert.Equal(1234, info.Position);
        Assert.Equal(["O_WRONLY", "O_APPEND", "O_CLOEXEC"], OpenFlags.Names(info.Flags));
        Assert.Equal("wronly,append,cloexec", OpenFlags.Short(OpenFlags.Names(info.Flags)));
    }

    [Fact]
    public void CompositeFlagsAreNamedAsAWhole()
    {
        // O_SYNC = __O_SYNC | O_DSYNC; O_TMPFILE = __O_TMPFILE | O_DIRECTORY (asm-generic/fcntl.h).
        Assert.Equal(["O_RDWR", "O_SYNC"], OpenFlags.Names(Convert.ToInt32("04010002", 8)));
        Assert.Equal(["O_RDWR", "O_DSYNC"], OpenFlags.Names(Convert.ToInt32("010002", 8)));
        Assert.Equal(["O_RDWR", "O_TMPFILE"], OpenFlags.Names(Convert.ToInt32("020200002", 8)));
    }

    [Fact]
    public void LargeFileIsLeftOut()
    {
        Assert.Equal(["O_RDONLY"], OpenFlags.Names(Convert.ToInt32("0100000", 8)));
    }
}
