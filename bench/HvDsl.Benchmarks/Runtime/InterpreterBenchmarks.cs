using BenchmarkDotNet.Attributes;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Benchmarks.Runtime;

/// <summary>Guest instructions per second: a tight integer loop and a memory-heavy loop, one million instructions per invocation.</summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int Iterations = 250_000;
    private GuestPrograms _integer = null!;
    private GuestPrograms _memory = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 4 instructions per iteration: add, xor, dec, jnz.
        _integer = new GuestPrograms(a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, Iterations);
            a.Label(ref loop);
            a.add(eax, ecx);
            a.xor(edx, eax);
            a.dec(ecx);
            a.jnz(loop);
            a.hlt();
        });
        // 4 instructions per iteration: load, store, add to the pointer, loop on the count.
        _memory = new GuestPrograms(a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, Iterations);
            a.mov(esi, 0x400000);
            a.Label(ref loop);
            a.mov(rax, __qword_ptr[rsi]);
            a.mov(__qword_ptr[rsi + 0x200000], rax);
            a.lea(rsi, __[rsi + 8]);
            a.loop(loop);
            a.hlt();
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _integer.Dispose();
        _memory.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Iterations * 4)]
    public ExitReason IntegerLoop() => Run(_integer);

    [Benchmark(OperationsPerInvoke = Iterations * 4)]
    public ExitReason MemoryLoop() => Run(_memory);

    private static ExitReason Run(GuestPrograms program)
    {
        program.Restart();
        return program.Vm.Run().Reason;
    }
}
