using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Boot;

/// <summary>Where a PC's interrupt controllers and serial ports are, which a BIOS's handlers and data area name.</summary>
/// <param name="MasterPicCommand">The master 8259's command port, which its end-of-interrupt goes to.</param>
/// <param name="SlavePicCommand">The slave 8259's command port.</param>
/// <param name="MasterVectorBase">The vector of IRQ 0 (the timer) as the BIOS programs the master.</param>
/// <param name="SlaveVectorBase">The vector of IRQ 8 as the BIOS programs the slave.</param>
/// <param name="SerialPorts">COM1's base port, then COM2's and so on (at most four), as the data area lists them.</param>
public sealed record BiosPlatform(ushort MasterPicCommand, ushort SlavePicCommand, byte MasterVectorBase, byte SlaveVectorBase, IReadOnlyList<ushort> SerialPorts);

/// <summary>
/// The memory a PC BIOS leaves behind for a real-mode program: the interrupt vector table pointing every vector at a
/// default handler in a small ROM area, the BIOS data area's basics, and the timer handler that counts ticks.
/// </summary>
/// <remarks>
/// Layout (IBM PC/AT Technical Reference, "BIOS Data Area"): vectors at 0x0000-0x03FF, the serial ports' words from 0x400,
/// the equipment word at 0x410 (bit 1 the coprocessor, bits 9-11 the serial port count), the KiB of conventional memory at 0x413, the tick count at 0x46C and its midnight flag at 0x470; handlers at F000:0000. The
/// timer handler adds one to the tick count (wrapping to 0 and setting the flag at 0x1800B0 ticks, a day at 18.2 Hz),
/// calls INT 0x1C for programs that hook it and ends the interrupt at the master PIC; the other IRQ handlers only end
/// their interrupt (at both PICs for IRQ 8-15), as SeaBIOS's handle_hwpic1/2 do; every other vector is an IRET.
/// </remarks>
public static class RealModeFirmware
{
    /// <summary>The segment of the handlers' ROM area.</summary>
    public const ushort RomSegment = 0xF000;

    /// <summary>The guest-physical address of the handlers.</summary>
    public const ulong RomAddress = (ulong)RomSegment << 4;

    /// <summary>Bytes the handlers may take at <see cref="RomAddress"/>.</summary>
    public const int RomSize = 0x100;

    /// <summary>The BIOS data area's COM1 port word; COM2's to COM4's follow it.</summary>
    public const ulong Com1Address = 0x400;

    /// <summary>The BIOS data area's equipment word (INT 11h returns it).</summary>
    public const ulong EquipmentAddress = 0x410;

    /// <summary>Serial ports the data area has words for.</summary>
    public const int MaxSerialPorts = 4;

    /// <summary>The equipment word's coprocessor bit: the vCPU has an x87.</summary>
    public const ushort EquipmentCoprocessor = 1 << 1;

    /// <summary>The equipment word's serial port count, bits 9-11.</summary>
    public const int EquipmentSerialShift = 9;

    /// <summary>The BIOS data area's word of KiB of conventional memory.</summary>
    public const ulong MemorySizeAddress = 0x413;

    /// <summary>The BIOS data area's 32-bit count of timer ticks since midnight.</summary>
    public const ulong TickCountAddress = 0x46C;

    /// <summary>The BIOS data area's byte set when the tick count passes midnight.</summary>
    public const ulong MidnightAddress = 0x470;

    /// <summary>Ticks in a day at the PIT's 18.2065 Hz, where the count wraps (0x1800B0).</summary>
    public const uint TicksPerDay = 0x1800B0;

    /// <summary>The vector the timer handler calls for programs that hook the tick.</summary>
    public const byte UserTimerVector = 0x1C;

    private const int VectorCount = 256;
    private const byte EndOfInterrupt = 0x20;
    private const uint ConventionalLimitKibibytes = 640;

    /// <summary>Writes the vector table, the data area and the handlers for <paramref name="platform"/> into <paramref name="vm"/>'s RAM.</summary>
    public static void Install(Vm vm, BiosPlatform platform)
    {
        var rom = Handlers(platform, out var iret, out var masterIrq, out var slaveIrq, out var timer);
        var table = new byte[VectorCount * 4];
        for (var vector = 0; vector < VectorCount; vector++)
        {
            var handler = iret;
            if (vector == platform.MasterVectorBase) handler = timer;
            else if (vector > platform.MasterVectorBase && vector < platform.MasterVectorBase + 8) handler = masterIrq;
            else if (vector >= platform.SlaveVectorBase && vector < platform.SlaveVectorBase + 8) handler = slaveIrq;
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(vector * 4), handler);
            BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(vector * 4 + 2), RomSegment);
        }
        var data = new byte[0x100];
        if (platform.SerialPorts.Count > MaxSerialPorts)
            throw new ArgumentException($"the BIOS data area lists at most {MaxSerialPorts} serial ports, not {platform.SerialPorts.Count}", nameof(platform));
        for (var i = 0; i < platform.SerialPorts.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)(Com1Address - 0x400) + 2 * i), platform.SerialPorts[i]);
        var equipment = EquipmentCoprocessor | platform.SerialPorts.Count << EquipmentSerialShift;
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)(EquipmentAddress - 0x400)), (ushort)equipment);
        var conventional = Math.Min(MemoryMap.LowerKibibytes(MemoryMap.Of(vm.Memory)), ConventionalLimitKibibytes);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)(MemorySizeAddress - 0x400)), (ushort)conventional);
        if (!vm.Memory.Load(0, table) || !vm.Memory.Load(0x400, data) || !vm.Memory.Load(RomAddress, rom))
            throw new InvalidOperationException("the BIOS's vector table, data area and handlers need RAM up to 1 MiB");
    }

    /// <summary>The handlers' code at F000:0000 and each one's offset.</summary>
    private static byte[] Handlers(BiosPlatform platform, out ushort iret, out ushort masterIrq, out ushort slaveIrq, out ushort timer)
    {
        var a = new Assembler(16);
        var (iretLabel, masterLabel, slaveLabel, timerLabel) = (a.CreateLabel(), a.CreateLabel(), a.CreateLabel(), a.CreateLabel());
        var endOfTimer = a.CreateLabel();

        a.Label(ref iretLabel);
        a.iret();

        a.Label(ref masterLabel);
        EndInterruptAndReturn(a, platform.MasterPicCommand);

        a.Label(ref slaveLabel);
        EndInterruptAndReturn(a, platform.SlavePicCommand, platform.MasterPicCommand);

        a.Label(ref timerLabel);
        a.push(ax);
        a.push(dx);
        a.push(ds);
        a.xor(ax, ax);
        a.mov(ds, ax);
        a.add(__word_ptr[(int)TickCountAddress], 1);
        a.adc(__word_ptr[(int)TickCountAddress + 2], 0);
        a.cmp(__word_ptr[(int)TickCountAddress + 2], (int)(TicksPerDay >> 16));
        a.jne(endOfTimer);
        a.cmp(__word_ptr[(int)TickCountAddress], (int)(TicksPerDay & 0xFFFF));
        a.jne(endOfTimer);
        a.mov(__word_ptr[(int)TickCountAddress], 0);
        a.mov(__word_ptr[(int)TickCountAddress + 2], 0);
        a.mov(__byte_ptr[(int)MidnightAddress], 1);
        a.Label(ref endOfTimer);
        a.@int(UserTimerVector);
        EndInterrupt(a, platform.MasterPicCommand);
        a.pop(ds);
        a.pop(dx);
        a.pop(ax);
        a.iret();

        var code = new MemoryStream();
        var result = a.Assemble(new StreamCodeWriter(code), 0, BlockEncoderOptions.ReturnNewInstructionOffsets);
        iret = Offset(result, iretLabel);
        masterIrq = Offset(result, masterLabel);
        slaveIrq = Offset(result, slaveLabel);
        timer = Offset(result, timerLabel);
        if (code.Length > RomSize) throw new InvalidOperationException($"the BIOS handlers take {code.Length} bytes, more than the {RomSize} reserved");
        return code.ToArray();
    }

    /// <summary>A handler that sends EOI to each of <paramref name="commandPorts"/> in turn, keeping AX and DX, then returns.</summary>
    private static void EndInterruptAndReturn(Assembler a, params ushort[] commandPorts)
    {
        a.push(ax);
        a.push(dx);
        foreach (var port in commandPorts) EndInterrupt(a, port);
        a.pop(dx);
        a.pop(ax);
        a.iret();
    }

    private static void EndInterrupt(Assembler a, ushort commandPort)
    {
        a.mov(al, EndOfInterrupt);
        a.mov(dx, commandPort);
        a.@out(dx, al);
    }

    private static ushort Offset(AssemblerResult result, Label label) => (ushort)result.GetLabelRIP(label);
}
