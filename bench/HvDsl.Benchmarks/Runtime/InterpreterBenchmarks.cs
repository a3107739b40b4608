using BenchmarkDotNet.Attributes;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Benchmarks.Runtime;

/// <summary>Guest instructions per second: a tight integer loop, a memory-heavy loop (one million instructions per invocation each) and a loop of handler-run instructions.</summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int Iterations = 250_000;
    private GuestPrograms _integer = null!;
    private GuestPrograms _memory = null!;
    private GuestPrograms _handlers = null!;

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
        // 8 instructions per iteration, the first five run by their family's handler (no micro-op): shift, multiply, bit test, SETcc, CMOVcc.
        _handlers = new GuestPrograms(a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, Iterations);
            a.Label(ref loop);
            a.shl(eax, 1);
            a.imul(edx, ecx);
            a.bt(eax, 3);
            a.setc(bl);
            a.cmovz(esi, edi);
            a.add(eax, ecx);
            a.dec(ecx);
            a.jnz(loop);
            a.hlt();
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _integer.Dispose();
        _memory.Dispose();
        _handlers.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Iterations * 4)]
    public ExitReason IntegerLoop() => Run(_integer);

    [Benchmark(OperationsPerInvoke = Iterations * 4)]
    public ExitReason MemoryLoop() => Run(_memory);

    [Benchmark(OperationsPerInvoke = Iterations * 8)]
    public ExitReason HandlerLoop() => Run(_handlers);

    private static ExitReason Run(GuestPrograms program)
    {
        program.Restart();
        return program.Vm.Run().Reason;
    }
}
