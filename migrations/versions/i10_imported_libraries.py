"""imported libraries: restricted versions, their grants and import reports

Revision ID: i10_imported_libraries
Revises: i15_synergy
"""

from alembic import op
import sqlalchemy as sa

import service.persistence.base


revision = 'i10_imported_libraries'
down_revision = 'i15_synergy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('library_versions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('restricted', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('import_report', sa.JSON(), nullable=True))
    op.create_table(
        'library_grants',
        sa.Column('version', sa.String(length=100), nullable=False),
        sa.Column('org_id', sa.String(length=40), nullable=False),
        sa.Column('granted_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_library_grants_org_id_organisations')),
        sa.ForeignKeyConstraint(['version'], ['library_versions.version'], name=op.f('fk_library_grants_version_library_versions')),
        sa.PrimaryKeyConstraint('version', 'org_id', name=op.f('pk_library_grants')),
    )


def downgrade() -> None:
    op.drop_table('library_grants')
    with op.batch_alter_table('library_versions', schema=None) as batch_op:
        batch_op.drop_column('import_report')
        batch_op.drop_column('restricted')
