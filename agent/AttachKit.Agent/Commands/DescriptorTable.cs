using System.Globalization;
using AttachKit.Agent.Descriptors;

namespace AttachKit.Agent.Commands;

/// <summary>The columns <c>fds</c> and <c>fd-export</c> show for a descriptor, defined once for both.</summary>
internal static class DescriptorTable
{
    /// <summary>The listing of <c>fds</c>: one row per descriptor.</summary>
    public static TableReport<DescriptorInfo> Listing() => AddColumns(new TableReport<DescriptorInfo>("descriptors"), row => row, withFlags: true);

    /// <summary>
    /// The body of <c>fd-export</c>: each row also says its place among the descriptors sent. No flags
    /// or offset: the receiver gets the descriptor itself, and they change as it is used.
    /// </summary>
    public static TableReport<(int Index, DescriptorInfo Descriptor)> Export()
        => AddColumns(
            new TableReport<(int Index, DescriptorInfo Descriptor)>("descriptors")
                .Add("index", "#", row => row.Index, row => Number(row.Index), rightAligned: true),
            row => row.Descriptor,
            withFlags: false);

    private static TableReport<T> AddColumns<T>(TableReport<T> report, Func<T, DescriptorInfo> of, bool withFlags)
    {
        report
            .Add("fd", "FD", row => of(row).Fd, row => Number(of(row).Fd), rightAligned: true)
            .Add("kind", "KIND", row => of(row).Kind, row => of(row).Kind);
        if (withFlags)
        {
            report
                .Add("flags", "FLAGS", row => of(row).Flags, row => OpenFlags.Short(of(row).Flags))
                .Add("offset", "OFFSET", row => of(row).Offset, row => of(row).Offset is { } offset ? Number(offset) : "-", rightAligned: true);
        }

        return report
            .AddText("WHAT", row => of(row).What)
            .AddJson("target", row => of(row).Target)
            .AddJson("path", row => of(row).Path)
            .AddJson("deleted", row => of(row).Deleted)
            .AddJson("local", row => of(row).Local)
            .AddJson("remote", row => of(row).Remote)
            .AddJson("state", row => of(row).State)
            .AddJson("listening", row => of(row).Listening)
            .AddJson("role", row => of(row).Role);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
