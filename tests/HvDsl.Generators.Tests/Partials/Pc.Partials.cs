// The handlers the PC's trap and hypercall tables require, as the machine project would write them.
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Machines.Pc;

public sealed partial class X86TrapHandler
{
    private partial ExitAction OnTimeStamp(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;
    private partial ExitAction OnCpuid(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;
}

public sealed partial class KvmHypercalls
{
    private partial void KickCpu(IGuestCpu cpu, ulong flags, uint apicId) { }
    private partial ulong ClockPairing(IGuestCpu cpu, ulong address, uint clockType) => 0;
    private partial ulong SendIpi(IGuestCpu cpu, ulong bitmapLow, ulong bitmapHigh, uint minApicId, uint icr) => 0;
    private partial void SchedYield(IGuestCpu cpu, uint apicId) { }
    private partial ulong ConsoleWrite(IGuestCpu cpu, ulong address, uint length) => length;
    private partial ulong WallClock(IGuestCpu cpu) => 0;
    private partial ulong SocketConnect(IGuestCpu cpu, ushort port) => 0;
    private partial ulong SocketRead(IGuestCpu cpu, uint handle, ulong address, uint length) => 0;
    private partial ulong SocketWrite(IGuestCpu cpu, uint handle, ulong address, uint length) => 0;
    private partial ulong SocketClose(IGuestCpu cpu, uint handle) => 0;
}

public sealed partial class Hpet
{
    private ulong _counter;
    private readonly ulong[] _comparators = new ulong[3];

    private partial ulong ComputeMainCounter() => _counter;
    private partial void ApplyMainCounter(ulong value) => _counter = value;
    private partial ulong ComputeTimerComparator(int index) => _comparators[index];
    private partial void ApplyTimerComparator(int index, ulong value) => _comparators[index] = value;
}

public sealed partial class AcpiPm
{
    private partial uint ComputePmTimer() => 0;
}

public sealed partial class Uart16550
{
    private partial byte ComputeIIR() => 0x01;
}

public sealed partial class I8259Pic
{
    private partial byte ComputeStatus() => 0;
    private partial byte ComputeMask() => OCW1;
}

public sealed partial class PciConfigPorts
{
    private partial uint ComputeData() => 0xFFFF_FFFF;
    private partial void ApplyData(uint value) { }
}
