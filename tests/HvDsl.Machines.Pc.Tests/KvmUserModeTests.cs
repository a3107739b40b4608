using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using HvDsl.Runtime;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Exits;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>Hypercalls made by a ring-3 program on the reference PC: only the spec's <c>user</c> calls run, with the caller's page rights.</summary>
public sealed class KvmUserModeTests : IDisposable
{
    private const ulong BootArea = 0x1_0000, Kernel = 0x10_0000, Stack = 0x8_0000;
    private const ulong User = 0x20_0000, UserStack = 0x28_0000, UserData = 0x30_0000, Result = 0x30_0F00;
    private const ulong SupervisorPage = 0x40_0000;
    private readonly MemoryStream console = new();
    private readonly PcMachine machine;

    public KvmUserModeTests() => machine = new PcMachine(console);

    public void Dispose()
    {
        machine.Kvm.Dispose();
        machine.Dispose();
    }

    /// <summary>Runs the program at <see cref="User"/> in <paramref name="ring"/> (0 or 3), making one hypercall with RBX, RCX, RDX as given; returns RAX as it stored it.</summary>
    private long CallFrom(int ring, uint number, ulong first = 0, ulong second = 0, ulong third = 0)
    {
        machine.Vm.Memory.Load(Kernel, Guest.Assemble(64, Kernel, a =>
        {
            if (ring == 0)
            {
                a.mov(rax, User);
                a.jmp(rax);
                return;
            }
            a.push(GuestBoot.UserData);
            a.push((int)UserStack);
            a.push(0x2);
            a.push(GuestBoot.UserCode64);
            a.push((int)User);
            a.iretq();
        }));
        machine.Vm.Memory.Load(User, Guest.Assemble(64, User, a =>
        {
            var spin = a.CreateLabel();
            a.mov(eax, number);
            a.mov(rbx, first);
            a.mov(rcx, second);
            a.mov(rdx, third);
            a.vmcall();
            a.mov(__qword_ptr[Result], rax);
            a.Label(ref spin);
            a.jmp(spin);
        }));
        GuestBoot.Long(machine.Vm, BootArea, Kernel, Stack);
        // The 2 MiB page at 4 MiB becomes supervisor-only (present, writable, large).
        Span<byte> entry = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, SupervisorPage | 0x83);
        machine.Vm.Memory.Load(BootArea + GuestBoot.TablesOffset + 0x2000 + (SupervisorPage >> 21) * 8, entry);

        Assert.Equal(ExitReason.InstructionLimit, machine.Vm.Run(1_000).Reason);
        Assert.Equal(ring, machine.Vm.Cpu.Cpl);
        return BinaryPrimitives.ReadInt64LittleEndian(Read(Result, 8));
    }

    private byte[] Read(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(machine.Vm.Memory.Read(address, bytes));
        return bytes;
    }

    [Theory]
    [InlineData(3, SupervisorPage, -14, "")]
    [InlineData(3, UserData, 6, "secret")]
    [InlineData(0, SupervisorPage, 6, "secret")]
    public void Console_write_prints_only_what_the_calling_ring_may_read_and_else_gets_efault(int ring, ulong address, long result, string printed)
    {
        machine.Vm.Memory.Load(address, "secret"u8);

        Assert.Equal(result, CallFrom(ring, 0x100, address, 6));
        Assert.Equal(printed, Encoding.ASCII.GetString(console.ToArray()));
    }

    [Fact]
    public void Ring_0_clock_pairing_writes_a_supervisor_page()
    {
        Assert.Equal(0, CallFrom(0, 9, SupervisorPage, 0));
        Assert.NotEqual(new byte[8], Read(SupervisorPage, 8));
    }

    [Fact]
    public void Ring_3_clock_pairing_is_denied_with_eperm_and_writes_nothing()
    {
        Assert.Equal(-1, CallFrom(3, 9, SupervisorPage, 0));
        Assert.Equal(new byte[64], Read(SupervisorPage, 64));
    }

    [Fact]
    public void Ring_3_socket_read_is_denied_with_eperm_before_its_handle_is_looked_at_and_writes_nothing()
    {
        Assert.Equal(-1, CallFrom(3, 0x111, 1, SupervisorPage, 16));
        Assert.Equal(new byte[16], Read(SupervisorPage, 16));
    }

    [Fact]
    public void Ring_3_wall_clock_answers()
    {
        machine.Kvm.Time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(86_400));

        Assert.Equal(86_400, CallFrom(3, 0x101));
    }

    [Fact]
    public void Ring_3_unknown_number_is_denied_with_eperm()
    {
        Assert.Equal(-1, CallFrom(3, 0x7777));
    }
}
