using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Firmware;
using Iced.Intel;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The ACPI sleeping states: S5 ends the run as a power-off (<see cref="PowerOffRequested"/>); S3 suspends the VM until an
/// enabled RTC alarm wakes it, when the processors restart as from power-on and the boot processor resumes where the FACS's
/// waking vector says, in real mode, as a PC firmware's resume path hands over (ACPI 6.5, 5.2.10 "Firmware Waking Vector":
/// CS = vector >> 4, IP = vector &amp; 0xF). RAM and the other devices keep their state.
/// </summary>
public sealed partial class PcMachine
{
    // Real mode reaches the first MiB only.
    private const uint RealModeLimit = 0x10_0000;

    /// <summary>Whether the guest entered S5 (soft off) through PM1a_CNT, which ends the run as a power-off.</summary>
    public bool PowerOffRequested => AcpiPm.PoweredOff;

    private void ConnectSleep()
    {
        AcpiPm.Vm = Vm;
        AcpiPm.SoftOff += () => Vm.RequestStop($"guest entered S5 (soft off) through PM1a_CNT at port 0x{AcpiPm.RegisterMap.Pm1ControlOffset + (ulong)Port(AcpiPm):X}");
        AcpiPm.Woke += ResumeFromSleep;
        Rtc.Alarm += AcpiPm.RtcAlarm;
    }

    private void ResumeFromSleep()
    {
        foreach (var apic in _apics)
        {
            apic.Cpu?.Reset();
            apic.PowerOn();
        }
        _apics[0].EnterVirtualWireMode();
        var facs = AcpiImage().FacsAddress;
        Span<byte> table = stackalloc byte[AcpiTables.FacsBytes];
        if (!Vm.Memory.Read(facs, table) || !table[..4].SequenceEqual("FACS"u8))
        {
            Vm.RequestStop($"guest woke from S3 but no FACS is at 0x{facs:X}, so there is no waking vector to resume at");
            return;
        }
        var vector = BinaryPrimitives.ReadUInt32LittleEndian(table[AcpiTables.FacsWakingVector..]);
        var protectedVector = BinaryPrimitives.ReadUInt64LittleEndian(table[AcpiTables.FacsXWakingVector..]);
        if (protectedVector != 0)
        {
            Vm.RequestStop($"guest woke from S3 with X_Firmware_Waking_Vector 0x{protectedVector:X}: a protected-mode resume is not offered");
            return;
        }
        if (vector is 0 or >= RealModeLimit)
        {
            Vm.RequestStop($"guest woke from S3 with Firmware_Waking_Vector 0x{vector:X}, which real mode cannot enter; a firmware would boot afresh");
            return;
        }
        Vm.Cpu.SetSegment(Register.CS, (ushort)(vector >> 4));
        Vm.Cpu.Rip = vector & 0xF;
    }
}
