using BenchmarkDotNet.Attributes;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Benchmarks.Runtime;

/// <summary>Cost of one port-I/O exit round trip: guest OUT, handler, resume (plus the loop's DEC and JNZ).</summary>
[MemoryDiagnoser]
public class ExitRoundTripBenchmarks
{
    private const int Iterations = 100_000;
    private GuestPrograms _program = null!;

    private sealed class CountingHandler : ITrapHandler
    {
        public ulong Sum;

        public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
        {
            if (exit.Reason != ExitReason.PortIo)
                return ExitAction.Stop("done");
            Sum += exit.Value;
            return ExitAction.Resume;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _program = new GuestPrograms(a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, Iterations);
            a.Label(ref loop);
            a.@out(0xE9, al);
            a.dec(ecx);
            a.jnz(loop);
            a.hlt();
        });
        _program.Vm.TrapHandler = new CountingHandler();
    }

    [GlobalCleanup]
    public void Cleanup() => _program.Dispose();

    [Benchmark(OperationsPerInvoke = Iterations)]
    public ExitReason OutExitRoundTrip()
    {
        _program.Restart();
        return _program.Vm.Run().Reason;
    }
}
