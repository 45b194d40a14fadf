"""UNTP Digital Conformity Credentials beside labels; accreditation identity anchors

Revision ID: i17_label_dccs
Revises: 0005
Create Date: 2026-12-02 15:50:00
"""

from alembic import op
import sqlalchemy as sa

import service.persistence.base


revision = 'i17_label_dccs'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('label_dccs',
    sa.Column('label_id', sa.String(length=40), nullable=False),
    sa.Column('credential', sa.Text(), nullable=False),
    sa.Column('credential_sha256', sa.String(length=64), nullable=False),
    sa.Column('log_index', sa.Integer(), nullable=False),
    sa.Column('created_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['label_id'], ['labels.id'], name=op.f('fk_label_dccs_label_id_labels')),
    sa.PrimaryKeyConstraint('label_id', name=op.f('pk_label_dccs'))
    )
    op.create_table('accreditation_anchors',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('issuer_did', sa.String(length=300), nullable=False),
    sa.Column('issuer_name', sa.String(length=200), nullable=False),
    sa.Column('registered_id', sa.String(length=200), nullable=False),
    sa.Column('credential', sa.Text(), nullable=False),
    sa.Column('valid_until', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', service.persistence.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_accreditation_anchors_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accreditation_anchors'))
    )
    with op.batch_alter_table('accreditation_anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accreditation_anchors_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accreditation_anchors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accreditation_anchors_org_id'))

    op.drop_table('accreditation_anchors')
    op.drop_table('label_dccs')
