using System.Globalization;

namespace AttachKit.Agent.Commands;

/// <summary>A number of bytes: text shows it in binary units (<c>12.3 MiB</c>), JSON as the plain number.</summary>
internal readonly record struct ByteSize(long Bytes)
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    public static ByteSize? OrNull(long? bytes) => bytes is { } value ? new ByteSize(value) : null;

    public override string ToString()
    {
        if (Math.Abs(Bytes) < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Bytes} B");
        }

        var value = (double)Bytes;
        var unit = -1;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }
}
