import mongoose from 'mongoose';
import { setupServiceTests } from '@ticketing/toolkit';

setupServiceTests(mongoose);
