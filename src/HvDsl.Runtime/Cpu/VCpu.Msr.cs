namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>MSR numbers the vCPU implements itself.</summary>
    public static class Msrs
    {
        /// <summary>IA32_TIME_STAMP_COUNTER.</summary>
        public const uint Tsc = 0x10;
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

    private ulong _efer, _star, _lstar, _cstar, _fmask, _kernelGsBase, _tscOffset, _tscAux;

    /// <summary>The time-stamp counter: the VM clock's nanoseconds (a 1 GHz TSC) plus what WRMSR to IA32_TSC added, so RDTSC, RDMSR and the clock agree.</summary>
    public ulong TimeStampCounter => Vm.Clock.NowNanoseconds + _tscOffset;

    private bool ReadMsr(uint index, out ulong value)
    {
        value = index switch
        {
            Msrs.Tsc => TimeStampCounter,
            Msrs.Efer => _efer,
            Msrs.Star => _star,
            Msrs.Lstar => _lstar,
            Msrs.Cstar => _cstar,
            Msrs.Fmask => _fmask,
            Msrs.FsBase => _segments[FsIndex].Base,
            Msrs.GsBase => _segments[GsIndex].Base,
            Msrs.KernelGsBase => _kernelGsBase,
            Msrs.TscAux => _tscAux,
            _ => 0,
        };
        return index is Msrs.Tsc or Msrs.Efer or Msrs.Star or Msrs.Lstar or Msrs.Cstar or Msrs.Fmask
            or Msrs.FsBase or Msrs.GsBase or Msrs.KernelGsBase or Msrs.TscAux;
    }

    private bool WriteMsr(uint index, ulong value)
    {
        var canonical = (ulong)((long)value >> 47) + 1 <= 1;
        switch (index)
        {
            case Msrs.Efer:
                // SCE, LME, NXE are writable; LMA is derived; LME may not change while paging is on.
                if ((value & ~(EferSce | EferLme | EferLma | EferNxe)) != 0 || (_paging && ((value ^ _efer) & EferLme) != 0))
                    return false;
                Efer = (value & ~EferLma) | (_efer & EferLma);
                return true;
            case Msrs.Tsc: _tscOffset = value - Vm.Clock.NowNanoseconds; return true;
            case Msrs.Star: _star = value; return true;
            case Msrs.Lstar when canonical: _lstar = value; return true;
            case Msrs.Cstar when canonical: _cstar = value; return true;
            case Msrs.Fmask: _fmask = (uint)value; return true;
            case Msrs.FsBase when canonical: _segments[FsIndex].Base = value; return true;
            case Msrs.GsBase when canonical: _segments[GsIndex].Base = value; return true;
            case Msrs.KernelGsBase when canonical: _kernelGsBase = value; return true;
            // Bits 63:32 are reserved (SDM vol. 4 table 2-2).
            case Msrs.TscAux when value <= uint.MaxValue: _tscAux = value; return true;
            default: return false;
        }
    }
}
