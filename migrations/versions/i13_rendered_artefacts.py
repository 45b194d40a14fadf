"""rendered certificate PDFs, stored once per label status and template version

Revision ID: i13_rendered_artefacts
Revises: i14_pact_exchange
Create Date: 2026-12-02 15:50:00
"""

from alembic import op
import sqlalchemy as sa

import service.persistence.base


revision = 'i13_rendered_artefacts'
down_revision = 'i14_pact_exchange'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rendered_artefacts',
        sa.Column('label_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('template_version', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_rendered_artefacts_label_id_labels')),
        sa.PrimaryKeyConstraint('label_id', 'kind', 'status', 'template_version', name=op.f('pk_rendered_artefacts')),
    )


def downgrade() -> None:
    op.drop_table('rendered_artefacts')
