using AttachKit.Attacher.Jvm;

namespace AttachKit.Attacher.Tests.Jvm;

public sealed class HotSpotRequestTests
{
    [Fact]
    public void ARequestIsTheVersionTheNameAndExactlyThreeArguments()
    {
        Assert.Equal("1\0threaddump\0\0\0\0"u8.ToArray(), new HotSpotRequest("threaddump").Encode());
        Assert.Equal("1\0setflag\0Flag\0value\0\0"u8.ToArray(), new HotSpotRequest("setflag", "Flag", "value").Encode());
    }

    [Fact]
    public void JcmdSendsItsWordsJoinedBySpacesAsOneArgument()
    {
        var request = HotSpotRequest.Jcmd(["Thread.print", "-l", "-e"]);

        Assert.Equal("1\0jcmd\0Thread.print -l -e\0\0\0"u8.ToArray(), request.Encode());
    }

    [Fact]
    public void LimitsAreCheckedInUtf8Bytes()
    {
        _ = new HotSpotRequest(new string('a', HotSpotRequest.MaxCommandBytes));
        _ = new HotSpotRequest("jcmd", new string('a', HotSpotRequest.MaxArgumentBytes));
        _ = new HotSpotRequest("jcmd", new string('é', HotSpotRequest.MaxArgumentBytes / 2));

        Assert.Throws<ArgumentException>(() => new HotSpotRequest(new string('a', HotSpotRequest.MaxCommandBytes + 1)));
        Assert.Throws<ArgumentException>(() => new HotSpotRequest(new string('é', 9)));
        Assert.Throws<ArgumentException>(() => new HotSpotRequest("jcmd", new string('é', 513)));
    }

    [Fact]
    public void WhatTheJvmWouldDropIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new HotSpotRequest(""));
        Assert.Throws<ArgumentException>(() => new HotSpotRequest("setflag", "a", "b", "c", "d"));
        Assert.Throws<ArgumentException>(() => new HotSpotRequest("printflag", "a\0b"));
        Assert.Throws<ArgumentException>(() => HotSpotRequest.Jcmd([]));
    }
}
