using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GraphNetworker.Store.Configuration;

/// <summary>
/// One mail item or calendar occurrence as metadata: the engine's <see cref="Interaction"/>, in the mailbox and folder
/// it was read from. Participants are compact JSON in one column, so a page commit is one statement per item whatever
/// the number of recipients. Never a body; the subject only when the administrator enabled it.
/// </summary>
internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("Interactions");
        builder.Property<long>(Shadow.RowId).ValueGeneratedOnAdd();
        builder.HasKey(Shadow.RowId);
        builder.Property<string>(Shadow.MailboxId).HasMaxLength(Lengths.MailboxId).IsRequired();
        builder.Property(i => i.ItemId).HasColumnName("GraphId").HasMaxLength(Lengths.GraphId);
        builder.Property<string>(Shadow.FolderId).HasMaxLength(Lengths.Key).IsRequired();
        builder.Property(i => i.Participants).HasConversion(Converters.Participants, Converters.ParticipantsComparer).IsRequired();
        builder.Property(i => i.ConversationId).HasMaxLength(Lengths.GraphId);
        builder.Property(i => i.Subject).HasMaxLength(Lengths.Subject);
        builder.Property<int>(Shadow.Generation);
        builder.Property<DateTime>(Shadow.UpdatedAt);
        builder.HasIndex(Shadow.MailboxId, nameof(Interaction.ItemId)).IsUnique().HasDatabaseName("IX_Interactions_MailboxId_GraphId");
        builder.HasIndex(Shadow.MailboxId, Shadow.FolderId, Shadow.Generation).HasDatabaseName("IX_Interactions_MailboxId_FolderId_Generation");
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(Shadow.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
