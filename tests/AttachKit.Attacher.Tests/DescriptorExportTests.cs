using AttachKit.Protocol;

namespace AttachKit.Attacher.Tests;

public class DescriptorExportTests
{
    [Fact]
    public void RunsOfNumbersBecomeRangesInTheOrderGiven()
    {
        Assert.Equal(["7-9,3,12,10-11"], DescriptorExport.Arguments([7, 8, 9, 3, 12, 10, 11]));
    }

    [Fact]
    public void ManyScatteredNumbersAreSplitAcrossArgumentsWithinTheLimit()
    {
        var scattered = Enumerable.Range(0, 5000).Select(i => i * 2).ToList();

        var arguments = DescriptorExport.Arguments(scattered);

        Assert.True(arguments.Count > 1);
        Assert.All(arguments, argument => Assert.True(argument.Length <= ProtocolLimits.MaxArgumentBytes));
        Assert.Equal(scattered, arguments.SelectMany(argument => argument.Split(',')).Select(int.Parse));
    }

    [Fact]
    public void NamesForListenFdNamesHoldNoSeparator()
    {
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(-1, ownsHandle: false);

        Assert.Equal("tcp-[__1]_8080", new ExportedDescriptor(handle, 0, 5, "tcp") { Local = "[::1]:8080" }.Name);
        Assert.Equal("unix-@abstract_name", new ExportedDescriptor(handle, 0, 5, "unix") { Local = "@abstract name" }.Name);
        Assert.Equal("pipe", new ExportedDescriptor(handle, 0, 5, "pipe").Name);
        Assert.Equal(255, new ExportedDescriptor(handle, 0, 5, "file") { Path = "/" + new string('x', 400) }.Name.Length);
    }
}
