namespace AttachKit.Attacher.Threads;

/// <summary>Code address ranges to method names, from the CLR rundown (<c>MethodDCStopVerbose</c>).</summary>
internal sealed class MethodMap
{
    private readonly List<(ulong Start, ulong End, string Name)> _ranges = [];
    private bool _sorted = true;

    public int Count => _ranges.Count;

    /// <summary>The ranges, by start address.</summary>
    public IReadOnlyList<(ulong Start, ulong End, string Name)> Ranges
    {
        get
        {
            Sort();
            return _ranges;
        }
    }

    public void Add(ulong start, int size, string typeName, string methodName)
        // Names as TraceEvent gives them: the type's full name, a dot, the method (".ctor", "<Main>$"…).
        => Add(start, start + (ulong)Math.Max(0, size), typeName.Length == 0 ? methodName : typeName + "." + methodName);

    public void Add(ulong start, ulong end, string name)
    {
        if (end <= start)
        {
            return;
        }

        if (_ranges.Count > 0 && start < _ranges[^1].Start)
        {
            _sorted = false;
        }

        _ranges.Add((start, end, name));
    }

    /// <summary>The method whose code holds <paramref name="address"/>, or null.</summary>
    public string? Find(ulong address)
    {
        Sort();

        int low = 0, high = _ranges.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_ranges[middle].Start <= address)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high >= 0 && address < _ranges[high].End ? _ranges[high].Name : null;
    }

    private void Sort()
    {
        if (!_sorted)
        {
            _ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
            _sorted = true;
        }
    }

    public IReadOnlyList<StackFrame> Resolve(IEnumerable<ulong> addresses) => addresses.Select(address => new StackFrame(Find(address), address)).ToList();
}
