using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Support;

/// <summary>Writes interrupt gates the way a guest kernel would, and points IDTR at them.</summary>
internal static class Idt
{
    public const ulong Base = 0x8000;

    /// <summary>A 32-bit interrupt gate (type 0xE) into the kernel code selector.</summary>
    public static void Gate32(Vm vm, int vector, ulong handler, int dpl = 0)
    {
        var gate = (handler & 0xFFFF) | ((ulong)GuestBoot.KernelCode << 16) | ((0x8EUL | ((ulong)dpl << 5)) << 40) | ((handler >> 16) << 48);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, gate);
        vm.Memory.Load(Base + (ulong)vector * 8, bytes);
        vm.Cpu.Idtr = new DescriptorTableRegister(Base, 256 * 8 - 1);
    }

    /// <summary>A 64-bit interrupt gate (type 0xE) into the kernel code selector.</summary>
    public static void Gate64(Vm vm, int vector, ulong handler, int dpl = 0)
    {
        var low = (handler & 0xFFFF) | ((ulong)GuestBoot.KernelCode << 16) | ((0x8EUL | ((ulong)dpl << 5)) << 40) | (((handler >> 16) & 0xFFFF) << 48);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, low);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], handler >> 32);
        vm.Memory.Load(Base + (ulong)vector * 16, bytes);
        vm.Cpu.Idtr = new DescriptorTableRegister(Base, 256 * 16 - 1);
    }

    /// <summary>A real-mode IVT entry.</summary>
    public static void Vector(Vm vm, int vector, ushort segment, ushort offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, offset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], segment);
        vm.Memory.Load((ulong)vector * 4, bytes);
    }
}
