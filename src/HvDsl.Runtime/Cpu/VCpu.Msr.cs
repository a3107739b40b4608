using System;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>MSR numbers the vCPU implements itself.</summary>
    public static class Msrs
    {
        /// <summary>IA32_TIME_STAMP_COUNTER.</summary>
        public const uint Tsc = 0x10;
        /// <summary>IA32_SYSENTER_ESP: the SYSENTER stack pointer.</summary>
        public const uint SysenterEsp = 0x175;
        /// <summary>IA32_SYSENTER_EIP: the SYSENTER target.</summary>
        public const uint SysenterEip = 0x176;
        /// <summary>IA32_MISC_ENABLE.</summary>
        public const uint MiscEnable = 0x1A0;
        /// <summary>IA32_DEBUGCTL.</summary>
        public const uint DebugCtl = 0x1D9;
        /// <summary>IA32_MC0_CTL: the error reports machine-check bank 0 may signal.</summary>
        public const uint Mc0Ctl = 0x400;
        /// <summary>IA32_MC0_STATUS: bank 0's logged error.</summary>
        public const uint Mc0Status = 0x401;
        /// <summary>IA32_EFER.</summary>
        public const uint Efer = 0xC000_0080;
        /// <summary>STAR: SYSCALL/SYSRET selectors.</summary>
        public const uint Star = 0xC000_0081;
        /// <summary>LSTAR: 64-bit SYSCALL target.</summary>
        public const uint Lstar = 0xC000_0082;
        /// <summary>CSTAR: compatibility-mode SYSCALL target.</summary>
        public const uint Cstar = 0xC000_0083;
        /// <summary>FMASK: RFLAGS bits SYSCALL clears.</summary>
        public const uint Fmask = 0xC000_0084;
        /// <summary>FS base.</summary>
        public const uint FsBase = 0xC000_0100;
        /// <summary>GS base.</summary>
        public const uint GsBase = 0xC000_0101;
        /// <summary>The GS base SWAPGS exchanges with.</summary>
        public const uint KernelGsBase = 0xC000_0102;
        /// <summary>IA32_TSC_AUX: what RDTSCP returns in ECX and RDPID in its register.</summary>
        public const uint TscAux = 0xC000_0103;
    }

    /// <summary>IA32_MISC_ENABLE bits software may change (SDM vol. 4 table 2-2): fast strings, automatic thermal control, Enhanced SpeedStep, MONITOR FSM, limit CPUID maxval, xTPR disable, XD disable.</summary>
    internal const ulong MiscEnableWritable = 1UL << 0 | 1UL << 3 | 1UL << 16 | 1UL << 18 | 1UL << 22 | 1UL << 23 | 1UL << 34;
    /// <summary>IA32_MISC_ENABLE's read-only bits: performance monitoring available (7), BTS unavailable (11), PEBS unavailable (12).</summary>
    internal const ulong MiscEnableReadOnly = 1UL << 7 | 1UL << 11 | 1UL << 12;
    /// <summary>At reset: fast strings on; no performance monitoring (RDPMC raises #GP), so no BTS or PEBS either.</summary>
    internal const ulong MiscEnableReset = 1UL << 0 | 1UL << 11 | 1UL << 12;
    /// <summary>IA32_DEBUGCTL bits accepted: LBR (0) and BTF (1); the rest need LBR stacks, BTS buffers or counters the vCPU lacks.</summary>
    internal const ulong DebugCtlWritable = 0b11;

    /// <summary>The time-stamp counter: the VM clock's nanoseconds (a 1 GHz TSC) plus what WRMSR to IA32_TSC added, so RDTSC, RDMSR and the clock agree.</summary>
    public ulong TimeStampCounter => Vm.Clock.NowNanoseconds + _state.TscOffset;

    private bool ReadMsr(uint index, out ulong value)
    {
        if (OwnsLocalMsr(index))
            return LocalInterrupts!.TryReadMsr(index, out value);
        value = index switch
        {
            Msrs.Tsc => TimeStampCounter,
            Msrs.Efer => _state.Efer,
            Msrs.Star => _state.Star,
            Msrs.Lstar => _state.Lstar,
            Msrs.Cstar => _state.Cstar,
            Msrs.Fmask => _state.Fmask,
            Msrs.FsBase => _state.Segments[FsIndex].Base,
            Msrs.GsBase => _state.Segments[GsIndex].Base,
            Msrs.KernelGsBase => _state.KernelGsBase,
            Msrs.SysenterEsp => _state.SysenterEsp,
            Msrs.SysenterEip => _state.SysenterEip,
            Msrs.MiscEnable => _state.MiscEnable,
            Msrs.DebugCtl => _state.DebugCtl,
            Msrs.Mc0Ctl => _state.Mc0Ctl,
            Msrs.Mc0Status => _state.Mc0Status,
            Msrs.TscAux => _state.TscAux,
            _ => 0,
        };
        return index is Msrs.Tsc or Msrs.Efer or Msrs.Star or Msrs.Lstar or Msrs.Cstar or Msrs.Fmask
            or Msrs.FsBase or Msrs.GsBase or Msrs.KernelGsBase or Msrs.SysenterEsp or Msrs.SysenterEip
            or Msrs.MiscEnable or Msrs.DebugCtl or Msrs.Mc0Ctl or Msrs.Mc0Status or Msrs.TscAux;
    }

    private bool WriteMsr(uint index, ulong value)
    {
        if (OwnsLocalMsr(index))
            return LocalInterrupts!.TryWriteMsr(index, value);
        if (!Accepts(index, value))
            return false;
        switch (index)
        {
            case Msrs.Efer:
                // SCE, LME, NXE are writable; LMA is derived; LME may not change while paging is on.
                if ((value & ~(EferSce | EferLme | EferLma | EferNxe)) != 0 || (_paging && ((value ^ _state.Efer) & EferLme) != 0))
                    return false;
                Efer = (value & ~EferLma) | (_state.Efer & EferLma);
                return true;
            case Msrs.Tsc: _state.TscOffset = value - Vm.Clock.NowNanoseconds; return true;
            case Msrs.Star: _state.Star = value; return true;
            case Msrs.Lstar: _state.Lstar = value; return true;
            case Msrs.Cstar: _state.Cstar = value; return true;
            case Msrs.Fmask: _state.Fmask = (uint)value; return true;
            case Msrs.FsBase: _state.Segments[FsIndex].Base = value; return true;
            case Msrs.GsBase: _state.Segments[GsIndex].Base = value; return true;
            case Msrs.KernelGsBase: _state.KernelGsBase = value; return true;
            case Msrs.SysenterEsp: _state.SysenterEsp = value; return true;
            case Msrs.SysenterEip: _state.SysenterEip = value; return true;
            // The read-only bits keep their value whatever is written.
            case Msrs.MiscEnable: _state.MiscEnable = (value & MiscEnableWritable) | (_state.MiscEnable & ~MiscEnableWritable); return true;
            case Msrs.DebugCtl: _state.DebugCtl = value; return true;
            case Msrs.Mc0Ctl: _state.Mc0Ctl = value; return true;
            case Msrs.Mc0Status: _state.Mc0Status = 0; return true;
            case Msrs.TscAux: _state.TscAux = value; return true;
            default: return false;
        }
    }

    /// <summary>Whether WRMSR may put <paramref name="value"/> in <paramref name="index"/> whatever the vCPU's state; false raises #GP.</summary>
    private static bool Accepts(uint index, ulong value) => index switch
    {
        Msrs.Lstar or Msrs.Cstar or Msrs.FsBase or Msrs.GsBase or Msrs.KernelGsBase or Msrs.SysenterEsp or Msrs.SysenterEip => IsCanonical(value),
        // Reserved bits raise #GP.
        Msrs.MiscEnable => (value & ~(MiscEnableWritable | MiscEnableReadOnly)) == 0,
        Msrs.DebugCtl => (value & ~DebugCtlWritable) == 0,
        // SDM vol. 3B 15.3.2.1: as on P6-family processors, a bank's enables are all set or all clear.
        Msrs.Mc0Ctl => value is 0 or ulong.MaxValue,
        // SDM vol. 3B 15.3.2.2: software clears a logged error by writing 0; writing 1s raises #GP.
        Msrs.Mc0Status => value == 0,
        // Bits 63:32 are reserved (SDM vol. 4 table 2-2).
        Msrs.TscAux => value <= uint.MaxValue,
        _ => true,
    };

    /// <summary>The hex index of the first SYSENTER, MISC_ENABLE, DEBUGCTL, MC0 or TSC_AUX MSR holding a value WRMSR could never set, or null.</summary>
    private static string? RefusedSavedMsr(in ArchitecturalState state)
    {
        ReadOnlySpan<(uint Index, ulong Value)> saved =
        [
            (Msrs.SysenterEsp, state.SysenterEsp), (Msrs.SysenterEip, state.SysenterEip), (Msrs.MiscEnable, state.MiscEnable),
            (Msrs.DebugCtl, state.DebugCtl), (Msrs.Mc0Ctl, state.Mc0Ctl), (Msrs.Mc0Status, state.Mc0Status), (Msrs.TscAux, state.TscAux),
        ];
        foreach (var (index, value) in saved)
        {
            if (!Accepts(index, value))
                return $"0x{index:X}";
        }
        // MISC_ENABLE's read-only bits never change from their reset value.
        return (state.MiscEnable & MiscEnableReadOnly) != (MiscEnableReset & MiscEnableReadOnly) ? "0x1A0" : null;
    }

    /// <summary>True when bits 63:47 of <paramref name="value"/> are all equal, as a 48-bit linear address needs.</summary>
    private static bool IsCanonical(ulong value) => (ulong)((long)value >> 47) + 1 <= 1;
}
