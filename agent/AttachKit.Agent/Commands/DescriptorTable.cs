using AttachKit.Agent.Descriptors;
using static AttachKit.Agent.Commands.TableColumn;

namespace AttachKit.Agent.Commands;

/// <summary>The columns <c>fds</c> and <c>fd-export</c> show for a descriptor, defined once for both.</summary>
internal static class DescriptorTable
{
    public const string ArrayKey = "descriptors";

    private static readonly TableColumn[] Described =
    [
        TextOnly("what"),
        JsonOnly("target"),
        JsonOnly("path"),
        JsonOnly("deleted"),
        JsonOnly("local"),
        JsonOnly("remote"),
        JsonOnly("state"),
        JsonOnly("listening"),
        JsonOnly("role"),
    ];

    /// <summary>The listing of <c>fds</c>: one row per descriptor.</summary>
    public static ReportTable Listing(IEnumerable<DescriptorInfo> descriptors)
    {
        var table = new ReportTable(
        [
            new("fd", "fd", AlignRight: true),
            new("kind", "kind"),
            JsonOnly("flags"),
            TextOnly("flags"),
            new("offset", "offset", AlignRight: true),
            .. Described,
        ]);
        foreach (var row in descriptors)
        {
            table.AddRow([row.Fd, row.Kind, row.Flags, OpenFlags.Short(row.Flags), row.Offset, .. DescribedValues(row)]);
        }

        return table;
    }

    /// <summary>
    /// The body of <c>fd-export</c>: each row also says its place among the descriptors sent. No flags
    /// or offset: the receiver gets the descriptor itself, and they change as it is used.
    /// </summary>
    public static ReportTable Export(IReadOnlyList<DescriptorInfo> descriptors)
    {
        var table = new ReportTable([new("index", "#", AlignRight: true), new("fd", "fd", AlignRight: true), new("kind", "kind"), .. Described]);
        for (var index = 0; index < descriptors.Count; index++)
        {
            var row = descriptors[index];
            table.AddRow([index, row.Fd, row.Kind, .. DescribedValues(row)]);
        }

        return table;
    }

    private static object?[] DescribedValues(DescriptorInfo row)
        => [row.What, row.Target, row.Path, row.Deleted, row.Local, row.Remote, row.State, row.Listening, row.Role];
}
