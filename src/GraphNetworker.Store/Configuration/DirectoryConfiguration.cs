using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

internal sealed class DirectoryUserConfiguration : IEntityTypeConfiguration<DirectoryUser>
{
    public void Configure(EntityTypeBuilder<DirectoryUser> builder)
    {
        builder.ToTable("DirectoryPeople");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(Lengths.MailboxId);
        builder.Property(p => p.PrimaryAddress).HasMaxLength(Lengths.Address);
        builder.HasIndex(p => p.PrimaryAddress);
        builder.Property(p => p.Addresses).HasConversion(Converters.StringList, Converters.StringListComparer).IsRequired();
        builder.Property(p => p.UserPrincipalName).HasMaxLength(Lengths.Address);
        builder.Property(p => p.DisplayName).HasMaxLength(Lengths.Name);
        builder.Property(p => p.JobTitle).HasMaxLength(Lengths.Name);
        builder.Property(p => p.PreviousJobTitle).HasMaxLength(Lengths.Name);
    }
}

internal sealed class DirectoryAddressConfiguration : IEntityTypeConfiguration<DirectoryAddress>
{
    public void Configure(EntityTypeBuilder<DirectoryAddress> builder)
    {
        builder.ToTable("DirectoryAddresses");
        builder.HasKey(a => a.Address);
        builder.Property(a => a.Address).HasMaxLength(Lengths.Address);
        builder.Property(a => a.DisplayName).HasMaxLength(Lengths.Name);
    }
}
