using System;
using BenchmarkDotNet.Attributes;
using HvDsl.Runtime.Devices;

namespace HvDsl.Benchmarks.Devices;

/// <summary>
/// Device register dispatch: the generated 16550 (a switch on the offset) against a dictionary of registers with
/// delegates, both called through <see cref="IIoDevice"/> as the port bus calls them.
/// </summary>
[MemoryDiagnoser]
public class RegisterDispatchBenchmarks
{
    private const int Accesses = 4096;
    private readonly IIoDevice generated = new Uart16550();
    private readonly IIoDevice dictionary = new DictionaryUart();
    private readonly (ulong Offset, bool Write)[] randomTrace = new (ulong, bool)[Accesses];

    /// <summary>Builds a fixed random trace: offsets 0..7, reads and writes mixed, with DLAB left clear.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(16550);
        for (var i = 0; i < Accesses; i++)
        {
            var offset = (ulong)random.Next(8);
            randomTrace[i] = (offset, offset != 3 && random.Next(2) == 0);
        }
    }

    /// <summary>A guest printing text: poll LSR until THRE, then write the character to THR.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Accesses)]
    [BenchmarkCategory("Print")]
    public ulong Print_dictionary() => Print(dictionary);

    /// <summary>The same print loop against the generated UART.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    [BenchmarkCategory("Print")]
    public ulong Print_generated() => Print(generated);

    /// <summary>Random offsets, reads and writes.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    [BenchmarkCategory("Random")]
    public ulong Random_dictionary() => Replay(dictionary);

    /// <summary>The same random trace against the generated UART.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    [BenchmarkCategory("Random")]
    public ulong Random_generated() => Replay(generated);

    private static ulong Print(IIoDevice uart)
    {
        ulong seen = 0;
        for (var i = 0; i < Accesses / 2; i++)
        {
            seen += uart.Read(5, 1) & 0x20;
            uart.Write(0, 1, (ulong)('A' + (i & 31)));
        }
        return seen;
    }

    private ulong Replay(IIoDevice uart)
    {
        ulong seen = 0;
        foreach (var (offset, write) in randomTrace)
        {
            if (write) uart.Write(offset, 1, offset);
            else seen += uart.Read(offset, 1);
        }
        return seen;
    }
}
