using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The state a PC BIOS leaves for a real-mode program: the runtime's vector table, data area and handlers
/// (<see cref="RealModeFirmware"/>), the PIC pair initialised at vectors 0x08 and 0x70 cascaded on IRQ 2, and PIT counter 0
/// in mode 3 at 18.2 Hz; the ports are wherever pc.hvspec places the chips.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>The vector of IRQ 0 a PC BIOS programs (IBM PC/AT Technical Reference, "Interrupt Assignments").</summary>
    public const byte BiosMasterVectorBase = 0x08;

    /// <summary>The vector of IRQ 8 a PC BIOS programs.</summary>
    public const byte BiosSlaveVectorBase = 0x70;

    /// <summary>The master's input the slave is cascaded into (pc.hvspec: picSlave irq 2).</summary>
    public const int CascadeInput = 2;

    // 8259A datasheet: ICW1 = Init | IC4 (edge-triggered, cascade, ICW4 follows); ICW4 = 8086 mode, normal EOI.
    private const byte Icw1 = I8259Pic.RegisterMap.ICW1_InitMask | I8259Pic.RegisterMap.ICW1_IC4Mask, Icw4 = I8259Pic.RegisterMap.ICW4_uPMMask;
    private const ulong PicCommand = I8259Pic.RegisterMap.ICW1Offset, PicData = I8259Pic.RegisterMap.OCW1Offset, PitCounter0 = 0, PitControl = 3;

    // Only the timer and the cascade are unmasked: they are the inputs whose BIOS handlers do something (SeaBIOS unmasks
    // each IRQ as it installs a handler for it).
    private const byte MasterMask = unchecked((byte)~((1 << 0) | (1 << CascadeInput))), SlaveMask = 0xFF;

    /// <summary>
    /// Leaves the machine as a PC BIOS does before it hands over to a real-mode program; the boot vCPU is not touched.
    /// The vector table, data area and handler ROM take RAM at 0x0000-0x04FF and F000:0000-F000:00FF.
    /// </summary>
    public void StartBios()
    {
        InitializePic(PicMaster, BiosMasterVectorBase, 1 << CascadeInput, MasterMask);
        InitializePic(PicSlave, BiosSlaveVectorBase, CascadeInput, SlaveMask);
        // Counter 0, low then high byte, mode 3, binary; a count of 0 is 65536: 1,193,182 Hz / 65536 = 18.2 Hz.
        var control = ((int)I8254Pit.SelectCounter.Counter0 << 6) | ((int)I8254Pit.ReadWrite.LsbThenMsb << 4) | ((int)I8254Pit.Mode.SquareWave << 1);
        Pit.Write(PitControl, 1, (ulong)control);
        Pit.Write(PitCounter0, 1, 0);
        Pit.Write(PitCounter0, 1, 0);
        RealModeFirmware.Install(Vm, new BiosPlatform(Port(PicMaster), Port(PicSlave), BiosMasterVectorBase, BiosSlaveVectorBase, [Port(Com1), Port(Com2)]));
    }

    /// <summary>ICW1 to ICW4 then the mask, as a BIOS writes them; <paramref name="icw3"/> is the master's slave bits or the slave's ID.</summary>
    private static void InitializePic(I8259Pic pic, byte vectorBase, int icw3, byte mask)
    {
        pic.Write(PicCommand, 1, Icw1);
        pic.Write(PicData, 1, vectorBase);
        pic.Write(PicData, 1, (ulong)icw3);
        pic.Write(PicData, 1, Icw4);
        pic.Write(PicData, 1, mask);
    }

    private ushort Port(IIoDevice device) => (ushort)(Vm.PortIo.StartOf(device) ?? throw new System.InvalidOperationException($"{device.GetType().Name} is not on the port bus"));
}
