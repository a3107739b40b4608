using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using HvDsl.Machines.Pc;

namespace HvDsl.Benchmarks.Snapshots;

/// <summary>
/// Save and restore of a 64 MiB reference PC whose first 16 MiB hold data: a repeating pattern deflate shrinks well, or
/// seeded random bytes it cannot shrink (the two ends of what a guest's RAM looks like).
/// </summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private const ulong MemoryBytes = 64 << 20;
    private const int DataBytes = 16 << 20;
    private PcMachine _machine = null!;
    private MemoryStream _saveTarget = null!;
    private byte[] _snapshot = null!;

    /// <summary>What fills the 16 MiB.</summary>
    public enum Fill
    {
        /// <summary>Bytes that vary within a page and from page to page, so no page is zero but the data repeats.</summary>
        Pattern,

        /// <summary>Seeded pseudo-random bytes.</summary>
        Random,
    }

    /// <summary>The data in the first 16 MiB.</summary>
    [Params(Fill.Pattern, Fill.Random)]
    public Fill Data { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _machine = new PcMachine(new PcMachineOptions { MemoryBytes = MemoryBytes });
        var data = new byte[DataBytes];
        if (Data == Fill.Random) new Random(42).NextBytes(data);
        else for (var i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + (i >> 12) + 1);
        _machine.Vm.Memory.Load(0, data);
        _saveTarget = new MemoryStream();
        _machine.Vm.Save(_saveTarget);
        _snapshot = _saveTarget.ToArray();
        Console.WriteLine($"// snapshot size ({Data}): {_snapshot.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _machine.Dispose();

    /// <summary>Writes the whole VM into a reused in-memory stream.</summary>
    [Benchmark]
    public long Save()
    {
        _saveTarget.SetLength(0);
        _machine.Vm.Save(_saveTarget);
        return _saveTarget.Length;
    }

    /// <summary>Checks and applies the saved snapshot to the same machine.</summary>
    [Benchmark]
    public void Restore() => _machine.Vm.Restore(new MemoryStream(_snapshot, writable: false));
}
