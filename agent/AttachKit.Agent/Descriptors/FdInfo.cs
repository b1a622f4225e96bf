using System.Globalization;

namespace AttachKit.Agent.Descriptors;

/// <summary>The <c>pos</c> and <c>flags</c> lines of /proc/self/fdinfo/&lt;fd&gt; (proc(5)).</summary>
internal readonly record struct FdInfo(long Position, int Flags)
{
    /// <summary>Reads a descriptor's fdinfo; null when it is no longer open.</summary>
    public static FdInfo? Of(int descriptor)
    {
        string text;
        try
        {
            text = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fdinfo/{descriptor}"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>Parses fdinfo text: <c>pos:\t0\nflags:\t02004002\n…</c> (flags in octal).</summary>
    public static FdInfo Parse(string text)
    {
        long position = 0;
        var flags = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("pos:"))
            {
                position = long.Parse(line[4..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("flags:"))
            {
                flags = Convert.ToInt32(line[6..].Trim().ToString(), 8);
            }
        }

        return new FdInfo(position, flags);
    }
}
