import mongoose from 'mongoose';
import { setupServiceTests } from '@ticketing/servers';

setupServiceTests(mongoose);
