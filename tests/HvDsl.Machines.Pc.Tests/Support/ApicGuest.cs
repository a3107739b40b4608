using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Support;

/// <summary>
/// Long-mode guests for the APICs: the boot processor runs a program at <see cref="Code"/> with an IDT whose handlers
/// log each vector they take (count at <see cref="LogCount"/>, vectors after it; the RIP each interrupted at
/// <see cref="InterruptedRips"/>) and, if asked, write the local APIC's EOI.
/// </summary>
internal static class ApicGuest
{
    public const ulong BootArea = 0x1_0000, Code = 0x2_0000, Stack = 0x3_0000;
    public const ulong LogCount = 0x600, InterruptedRips = 0x1000;
    public const ulong ApicBase = 0xFEE0_0000;
    private const ulong Idt = 0x8000, IdtPointer = 0x7F00, Handlers = 0x4_0000, HighDirectory = 0x7000;

    public static PcMachine Create(int cpus = 1, ulong memoryBytes = 1 << 20) => new(new PcMachineOptions { MemoryBytes = memoryBytes, Cpus = cpus });

    public static uint ApicRead(this PcMachine pc, ulong offset) => (uint)Window(pc).Read(offset, 4);

    public static void ApicWrite(this PcMachine pc, ulong offset, uint value) => Window(pc).Write(offset, 4, value);

    private static HvDsl.Runtime.Devices.IIoDevice Window(PcMachine pc)
    {
        Assert.True(pc.Vm.Mmio.TryFind(ApicBase, out var window, out _));
        return window;
    }

    /// <summary>Boots <paramref name="program"/> in long mode with handlers for <paramref name="vectors"/>; <paramref name="eoi"/> makes them write EOI.</summary>
    public static void Boot(PcMachine pc, Action<Assembler> program, bool eoi, params int[] vectors)
    {
        GuestBoot.Long(pc.Vm, BootArea, Code, Stack);
        MapApicWindow(pc.Vm);
        var idt = new byte[256 * 16];
        foreach (var vector in vectors)
        {
            var handler = Handlers + (ulong)vector * 0x40;
            pc.Vm.Memory.Load(handler, Guest.Assemble(64, handler, a => LogVector(a, vector, eoi)));
            var gate = idt.AsSpan(vector * 16);
            BitConverter.TryWriteBytes(gate, (ushort)handler);
            BitConverter.TryWriteBytes(gate[2..], GuestBoot.KernelCode);
            BitConverter.TryWriteBytes(gate[4..], (ushort)0x8E00);
            BitConverter.TryWriteBytes(gate[6..], (ushort)(handler >> 16));
            BitConverter.TryWriteBytes(gate[8..], (uint)(handler >> 32));
        }
        pc.Vm.Memory.Load(Idt, idt);
        var pointer = new byte[10];
        BitConverter.TryWriteBytes(pointer, (ushort)(idt.Length - 1));
        BitConverter.TryWriteBytes(pointer.AsSpan(2), Idt);
        pc.Vm.Memory.Load(IdtPointer, pointer);
        pc.Vm.Memory.Load(Code, Guest.Assemble(64, Code, a =>
        {
            a.lidt(__[IdtPointer]);
            program(a);
        }));
    }

    /// <summary>The vectors the handlers logged, in the order taken.</summary>
    public static List<int> Log(PcMachine pc)
    {
        var bytes = new byte[4 * 65];
        pc.Vm.Memory.Read(LogCount, bytes);
        var count = Math.Min(BitConverter.ToInt32(bytes), 64);
        var log = new List<int>();
        for (var i = 0; i < count; i++) log.Add(BitConverter.ToInt32(bytes, 4 + 4 * i));
        return log;
    }

    /// <summary>The RIP the last interrupt through <paramref name="vector"/> returned to.</summary>
    public static ulong InterruptedRip(PcMachine pc, int vector)
    {
        var bytes = new byte[8];
        pc.Vm.Memory.Read(InterruptedRips + (ulong)vector * 8, bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>A guest store of <paramref name="value"/> to the local APIC register at <paramref name="offset"/>.</summary>
    public static void StoreApic(Assembler a, ulong offset, uint value)
    {
        a.mov(rax, ApicBase + offset);
        a.mov(__dword_ptr[rax], value);
    }

    private static void LogVector(Assembler a, int vector, bool eoi)
    {
        a.push(rax);
        a.push(rbx);
        a.mov(ebx, __dword_ptr[LogCount]);
        a.mov(__dword_ptr[rbx * 4 + (long)(LogCount + 4)], vector);
        a.inc(__dword_ptr[LogCount]);
        a.mov(rax, __qword_ptr[rsp + 16]);
        a.mov(__qword_ptr[InterruptedRips + (ulong)vector * 8], rax);
        if (eoi) StoreApic(a, 0xB0, 0);
        a.pop(rbx);
        a.pop(rax);
        a.iretq();
    }

    // GuestBoot maps RAM only; the APIC window in the fourth GiB gets a 2 MiB page of its own.
    private static void MapApicWindow(Vm vm)
    {
        var pdpt = BootArea + 0x2000;
        vm.Memory.Load(pdpt + 3 * 8, BitConverter.GetBytes(HighDirectory | 0x3));
        var entry = new byte[0x1000];
        BitConverter.TryWriteBytes(entry.AsSpan((int)((ApicBase >> 21) & 511) * 8), (ApicBase & ~0x1F_FFFFUL) | 0x9B);
        vm.Memory.Load(HighDirectory, entry);
    }
}
